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
