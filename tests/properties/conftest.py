import hashlib
import json

import pytest
from hypothesis import HealthCheck, settings

from monev.periods import ensure_periods
from tests import factories

# Modest and reproducible: the whole suite stays within a few minutes, CI sees the same examples.
settings.register_profile(
    "pantau",
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("pantau")


@pytest.fixture(autouse=True)
def periods(db):
    ensure_periods(factories.perbup_roadmap())


def snapshot() -> tuple:
    """Row counts of everything a user can write, and a hash of every report's stored values."""
    from monev.models import OPDProposal, Realisation, ReportEvent
    from pmprb.models import Finding, FollowUp, HasilInput, Recommendation

    models = [Realisation, ReportEvent, OPDProposal, HasilInput, Finding, Recommendation, FollowUp]
    counts = tuple(model.objects.count() for model in models)
    reports = list(Realisation.objects.order_by("pk").values())
    digest = hashlib.sha256(json.dumps(reports, default=str, sort_keys=True).encode()).hexdigest()
    return counts, digest
