"""Pages many readers share are rendered once per data version; each reader still gets their own
navigation, messages and CSRF token, and never a page they may not see."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from roadmap.models import OPD
from tests import factories


def test_a_second_reader_gets_the_same_page_without_recomputing_it(client, verifier, open_period):
    other = factories.make_user("verifikator_dua", Role.VERIFIER, "Bagian Organisasi", first_name="Dewi")
    url = reverse("dashboards:overview") + f"?periode={open_period.pk}"
    client.force_login(verifier)
    first = client.get(url).content.decode()
    client.force_login(other)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url).content.decode()
    assert len(queries) <= 8  # session, user, powers, OPD, period, versions: no dashboard computation
    main = lambda html: html.split("<main", 1)[1]  # noqa: E731
    assert main(first) == main(second)
    assert "Dewi" in second and "<!--pantau-shared" not in second and "<!--pantau-shared" not in first


def test_each_reader_keeps_a_working_csrf_token(client, verifier, open_period):
    url = reverse("dashboards:overview") + f"?periode={open_period.pk}"
    client.force_login(factories.make_user("pembaca_satu", Role.VERIFIER))
    client.get(url)
    client.logout()
    client.force_login(verifier)
    client.handler.enforce_csrf_checks = True
    page = client.get(url).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # logged out: the token on the shared page is this reader's own


def test_a_shared_page_never_opens_to_a_reader_who_may_not_see_it(client, operator_a, operator_b):
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    url = reverse("dashboards:opd", args=[hukum.pk])
    client.force_login(operator_a)
    assert client.get(url).status_code == 200
    client.force_login(operator_b)
    assert client.get(url).status_code in (403, 404)


def test_messages_are_shown_to_their_reader_only(client, verifier, operator_a, open_period, activity_a):
    url = reverse("dashboards:overview") + f"?periode={open_period.pk}"
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(factories.make_user("pembaca_lain", Role.VERIFIER))
    client.get(url)  # the shared copy now exists
    client.force_login(verifier)
    client.post(reverse("monev:comment", args=[report.pk]), {"text": "Mohon lengkapi."})
    assert "Komentar ditambahkan" in client.get(url).content.decode()  # this reader's message, on the shared page
    client.force_login(factories.make_user("pembaca_ketiga", Role.VERIFIER))
    assert "Komentar ditambahkan" not in client.get(url).content.decode()


def test_a_stored_page_keeps_no_sessions_csrf_token():
    """A form that posts is stored with a placeholder; each reader's copy gets their own token."""
    from django.http import HttpResponse

    from core.pages import MARKER, TOKEN_PLACEHOLDER, _blocks

    start, end = MARKER.format("content", "start"), MARKER.format("content", "end")
    form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="rahasia-sesi-a"></form>'
    stored = _blocks(HttpResponse(f"<html>{start}{form}{end}</html>"))["content"]
    assert "rahasia-sesi-a" not in stored and TOKEN_PLACEHOLDER in stored


def test_a_shared_page_with_a_form_posts_with_the_readers_own_token(client, operator_a, verifier, open_period):
    """The verification queue (a bulk-verify form) is shared between verifiers and each can post it."""
    from django.test import Client

    factories.report(operator_a, open_period, factories.activity_of("Bagian Hukum"), submit=True)
    url = reverse("monev:verification_queue")
    first = Client()
    first.force_login(factories.make_user("verifikator_lain", Role.VERIFIER))
    first.get(url)  # stores the page
    second = Client(enforce_csrf_checks=True)
    second.force_login(verifier)
    page = second.get(url).content.decode()
    token = page.split("<main", 1)[1].split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token != "__pantau_csrf_token__"
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # the token in the shared content is valid for this reader
