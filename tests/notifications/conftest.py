import pytest

from monev.periods import ensure_periods
from tests import factories


@pytest.fixture(autouse=True)
def periods(db):
    ensure_periods(factories.perbup_roadmap())
