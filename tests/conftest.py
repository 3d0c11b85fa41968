import pytest
from django.conf import settings

from pmprb.loading import load_mapping, load_worksheet
from roadmap.perbup import load_perbup

LKE = settings.PERBUP_FIXTURES_DIR / "pmprb" / "lke_permenpan_14_2014.json"
LKE_MAPPING = settings.PERBUP_FIXTURES_DIR / "pmprb" / "mapping_permenpan_14_2014.json"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Perbup and the PMPRB worksheet loaded, as `make run` leaves it."""
    with django_db_blocker.unblock():
        load_perbup(settings.PERBUP_FIXTURES_DIR)
        load_worksheet(LKE)
        load_mapping(LKE_MAPPING)


@pytest.fixture
def roadmap(db):
    from roadmap.models import Roadmap

    return Roadmap.objects.get(number=15, year=2019)
