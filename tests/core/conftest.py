from tests.monev.conftest import periods  # noqa: F401 - every test here needs the reporting periods
