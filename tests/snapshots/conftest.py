from tests.monev.conftest import periods  # noqa: F401 - the evaluation report needs the year's reporting periods
