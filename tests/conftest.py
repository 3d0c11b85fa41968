import pytest
from django.conf import settings

from roadmap.perbup import load_perbup


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Perbup loaded, as `make run` leaves it."""
    with django_db_blocker.unblock():
        load_perbup(settings.PERBUP_FIXTURES_DIR)


@pytest.fixture
def roadmap(db):
    from roadmap.models import Roadmap

    return Roadmap.objects.get(number=15, year=2019)
