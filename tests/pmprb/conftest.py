import pytest

from monev.choices import Role
from monev.periods import ensure_periods
from tests import factories


@pytest.fixture(autouse=True)
def periods(db):
    ensure_periods(factories.perbup_roadmap())


@pytest.fixture
def evaluator():
    return factories.make_user("evaluator", Role.EVALUATOR, "Inspektorat")


@pytest.fixture
def verifier():
    return factories.make_user("verifikator", Role.VERIFIER, "Bagian Organisasi")


@pytest.fixture
def administrator():
    return factories.make_user("administrator", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def operator_a():
    return factories.make_user("operator_a", Role.OPERATOR, "Bagian Hukum")


@pytest.fixture
def operator_b():
    return factories.make_user("operator_b", Role.OPERATOR, "BKPPD")
