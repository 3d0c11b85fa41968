"""Settings come from the environment; production refuses to start without a real secret."""

import os
import subprocess
import sys

from django.conf import settings


def start_settings(**env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import roadmap_site.settings"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_to_start_without_secret_key():
    result = start_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = start_settings(DEBUG="0", SECRET_KEY="dev-only-insecure-key-never-use-in-production")
    assert result.returncode != 0


def test_production_starts_with_a_real_key():
    assert start_settings(DEBUG="0", SECRET_KEY="x" * 50).returncode == 0


def test_a_malformed_boolean_is_a_clear_error():
    result = start_settings(DEBUG="mungkin")
    assert "DEBUG must be a boolean" in result.stderr


def test_indonesian_locale_and_jakarta_time():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"


def test_templates_write_decimal_comma_and_years_without_separator():
    from datetime import date
    from decimal import Decimal

    from django.template import Context, Template

    rendered = Template('{{ value }} {{ year }} {{ day|date:"j F Y" }}').render(
        Context({"value": Decimal("82.5"), "year": 2019, "day": date(2019, 4, 1)})
    )
    assert rendered == "82,5 2019 1 April 2019"


def test_a_dotenv_file_fills_what_the_environment_lacks(tmp_path, monkeypatch):
    from roadmap_site.env import read_env_file

    (tmp_path / ".env").write_text('# server\nexport PANTAU_A="from file"\nPANTAU_B=from file\n\nPANTAU_C=\n')
    monkeypatch.setenv("PANTAU_B", "from environment")
    monkeypatch.delenv("PANTAU_A", raising=False)
    monkeypatch.delenv("PANTAU_C", raising=False)
    read_env_file(tmp_path / ".env")
    assert os.environ["PANTAU_A"] == "from file"
    assert os.environ["PANTAU_B"] == "from environment"  # a real variable always wins
    assert os.environ["PANTAU_C"] == ""


def test_a_malformed_dotenv_line_names_the_file_and_line(tmp_path):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from roadmap_site.env import read_env_file

    (tmp_path / ".env").write_text("DEBUG=0\nthis is not a setting\n")
    with pytest.raises(ImproperlyConfigured, match=r"\.env:2"):
        read_env_file(tmp_path / ".env")


def test_admins_come_from_the_environment(monkeypatch):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from roadmap_site.env import env_admins

    monkeypatch.setenv("ADMINS", "Tim TI <ti@pasuruankab.go.id>, bagian.organisasi@pasuruankab.go.id")
    assert env_admins("ADMINS") == [
        ("Tim TI", "ti@pasuruankab.go.id"),
        ("bagian.organisasi@pasuruankab.go.id", "bagian.organisasi@pasuruankab.go.id"),
    ]
    monkeypatch.setenv("ADMINS", "bukan alamat")
    with pytest.raises(ImproperlyConfigured):
        env_admins("ADMINS")


def test_a_server_error_is_logged_with_path_and_user(client, db, caplog, monkeypatch, settings):
    """The journal says which page failed for whom; the user sees the error page, not a traceback."""
    import logging

    from roadmap_site.logging import RequestContextFilter
    from tests import factories

    user = factories.make_user("korban_galat")
    client.force_login(user)
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise RuntimeError("galat uji")

    monkeypatch.setattr("perbup.views.build_roadmap_document", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/data/roadmap.json")
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.name == "django.request")
    RequestContextFilter().filter(record)
    assert (record.method, record.path, record.user) == ("GET", "/data/roadmap.json", "korban_galat")
    assert record.exc_info and "galat uji" in str(record.exc_info[1])


def test_database_connections_persist_and_are_health_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0 and database["CONN_HEALTH_CHECKS"] is True


def run_manage(*args: str, **env) -> subprocess.CompletedProcess:
    kept = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    environment = {key: value for key, value in os.environ.items() if key in kept}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=environment, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def test_manage_py_without_its_environment_stops_with_a_clear_message():
    result = run_manage("check")
    assert result.returncode != 0
    assert "environment is not loaded" in result.stderr and "/etc/pantau-rb.env" in result.stderr


def test_a_server_without_database_url_refuses_to_start_instead_of_using_a_fresh_sqlite_file():
    result = run_manage("check", DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_development_still_starts_with_debug_set_explicitly():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr
