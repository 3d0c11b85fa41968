from tests.monev.conftest import periods  # noqa: F401 - the reporting tests need the reporting periods
