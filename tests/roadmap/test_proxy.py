"""Behind nginx with BEHIND_TLS_PROXY=0 every client shares nginx's address and a stranger can lock the
verifier out: the app notices requests that carry X-Forwarded-For and `check --deploy` warns."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.urls import reverse

from core import proxy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_warning(monkeypatch):
    monkeypatch.setattr(proxy, "_last_warned", 0.0)


def deploy_warnings() -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=True) if message.id == "pantau.W001"]


def test_a_forwarded_request_without_the_proxy_setting_is_logged_and_checked(client, settings, caplog):
    settings.BEHIND_TLS_PROXY = False
    assert deploy_warnings() == []
    with caplog.at_level(logging.WARNING, logger="core.proxy"):
        client.get(reverse("login"), HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1")
        client.get(reverse("login"), HTTP_X_FORWARDED_FOR="203.0.113.8", REMOTE_ADDR="127.0.0.1")
    warnings = [record for record in caplog.records if record.name == "core.proxy"]
    assert len(warnings) == 1 and "BEHIND_TLS_PROXY=0" in warnings[0].getMessage()  # once, not per request
    assert deploy_warnings() == ["pantau.W001"]


def test_with_the_proxy_setting_nothing_is_reported(client, settings, caplog):
    settings.BEHIND_TLS_PROXY = True
    with caplog.at_level(logging.WARNING, logger="core.proxy"):
        client.get(reverse("login"), HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert not [record for record in caplog.records if record.name == "core.proxy"]
    assert deploy_warnings() == []


def test_a_request_without_the_header_is_not_reported(client, settings):
    settings.BEHIND_TLS_PROXY = False
    client.get(reverse("login"))
    assert deploy_warnings() == []


def test_an_unreachable_cache_does_not_fail_the_request(client, settings, monkeypatch):
    settings.BEHIND_TLS_PROXY = False

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(proxy.cache, "set", down)
    monkeypatch.setattr(proxy.cache, "get", down)
    assert client.get(reverse("login"), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert deploy_warnings() == []


def test_the_example_settings_lead_to_the_proxy_setting_the_deploy_guide_uses():
    example = (django_settings.BASE_DIR / ".env.example").read_text()
    guide = (django_settings.BASE_DIR / "docs" / "deploy.md").read_text()
    assert "\nBEHIND_TLS_PROXY=1\n" in example and "\nBEHIND_TLS_PROXY=1\n" in guide
    assert "pantau.W001" in example and "pantau.W001" in guide
