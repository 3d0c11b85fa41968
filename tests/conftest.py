import pytest
from django.conf import settings

from accounts.choices import Role
from perbup.loader import load_perbup
from pmprb.loading import load_mapping, load_worksheet
from tests import factories

LKE = settings.PERBUP_FIXTURES_DIR / "pmprb" / "lke_permenpan_14_2014.json"
LKE_MAPPING = settings.PERBUP_FIXTURES_DIR / "pmprb" / "mapping_permenpan_14_2014.json"
LKE_LATER = [
    settings.PERBUP_FIXTURES_DIR / "pmprb" / name
    for name in ("lke_permenpan_26_2020.json", "lke_permenpan_9_2023.json")
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Perbup and the PMPRB worksheet loaded, as `make run` leaves it."""
    with django_db_blocker.unblock():
        load_reference_data()


def load_reference_data() -> None:
    load_perbup(settings.PERBUP_FIXTURES_DIR)
    load_worksheet(LKE)
    load_mapping(LKE_MAPPING)
    for path in LKE_LATER:
        load_worksheet(path)


def restore_reference_data() -> None:
    """Put back what a `transaction=True, serialized_rollback=True` test's flush removed (every row):
    the migrations' rows (role groups and their permissions) and the reference data, so the tests after
    it find the database as django_db_setup left it. Does nothing when nothing was flushed."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from roadmap.models import Roadmap

    if not Group.objects.exists():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    if not Roadmap.objects.exists():
        load_reference_data()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache: the database rolls back after a test, the cache would not."""
    from django.core.cache import cache

    from core.cache import resume_shared_cache

    cache.clear(), resume_shared_cache()
    yield
    cache.clear(), resume_shared_cache()


@pytest.fixture
def roadmap(db):
    from roadmap.models import Roadmap

    return Roadmap.objects.get(number=15, year=2019)


# -- personas shared by the monev and pmprb tests -----------------------------------------------


@pytest.fixture
def open_period():
    return factories.period(2023, 2)


@pytest.fixture
def locked_period():
    return factories.period(2019, 1, locked=True)


@pytest.fixture
def operator_a():
    return factories.make_user("operator_a", Role.OPERATOR, "Bagian Hukum")


@pytest.fixture
def head_a():
    return factories.make_user("kepala_a", Role.HEAD, "Bagian Hukum")


@pytest.fixture
def operator_b():
    return factories.make_user("operator_b", Role.OPERATOR, "BKPPD")


@pytest.fixture
def operator_inspektorat():
    return factories.make_user("operator_insp", Role.OPERATOR, "Inspektorat")


@pytest.fixture
def verifier():
    return factories.make_user("verifikator", Role.VERIFIER, "Bagian Organisasi")


@pytest.fixture
def evaluator():
    return factories.make_user("evaluator", Role.EVALUATOR, "Inspektorat")


@pytest.fixture
def administrator():
    return factories.make_user("administrator", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def stranger():
    return factories.make_user("tanpa_peran")


@pytest.fixture
def activity_a():
    return factories.activity_of("Bagian Hukum")


@pytest.fixture
def activity_b():
    return factories.activity_of("BKPPD")
