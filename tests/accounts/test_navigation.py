"""The menu marks the current page; OPD users reach their OPD's dashboard; the public page is linked
from the login page when it is on."""

import re

import pytest
from django.urls import reverse

from tests import factories


def current_items(html: str) -> list[str]:
    """The menu links marked as the current page."""
    nav = html[html.index('<nav class="navbar') : html.index("</nav>")]
    return re.findall(r'<a class="nav-link active" aria-current="page" href="([^"]+)"', nav)


@pytest.mark.parametrize(
    ("persona", "url_name", "marked"),
    [
        ("operator_a", "monev:my_tasks", "monev:my_tasks"),
        ("verifier", "monev:verification_queue", "monev:verification_queue"),
        ("verifier", "dashboards:overview", "dashboards:overview"),
        ("verifier", "dashboards:annual", "dashboards:annual"),
        ("verifier", "pmprb:index", "pmprb:index"),
        ("operator_a", "pmprb:recommendations", "pmprb:recommendations"),
        ("operator_a", "monev:proposals", "monev:proposals"),
    ],
)
def test_the_current_menu_item_is_marked(client, request, persona, url_name, marked, open_period):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse(url_name)).content.decode()
    assert current_items(html) == [reverse(marked)]


def test_a_report_page_marks_tugas_saya_and_home_marks_nothing(client, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    client.force_login(operator_a)
    assert current_items(client.get(report.get_absolute_url()).content.decode()) == [reverse("monev:my_tasks")]
    assert current_items(client.get(reverse("home")).content.decode()) == []


def test_an_opd_user_reaches_the_own_opd_dashboard_from_home_and_menu(client, operator_a, head_a, open_period):
    opd = factories.Membership.objects.get(user=operator_a).opd
    own = reverse("dashboards:opd", args=[opd.pk])
    for user in (operator_a, head_a):
        client.force_login(user)
        home = client.get(reverse("home")).content.decode()
        assert 'id="home-opd-dashboard"' in home and own in home
        assert 'id="nav-opd-dashboard"' in home
        page = client.get(own)
        assert page.status_code == 200
        assert current_items(page.content.decode()) == [own]


def test_the_login_page_links_the_public_page_only_when_it_is_on(client, settings):
    settings.PUBLIC_DASHBOARD = False
    page = client.get(reverse("login")).content.decode()
    assert reverse("dashboards:public") not in page
    settings.PUBLIC_DASHBOARD = True
    page = client.get(reverse("login")).content.decode()
    assert 'id="public-link"' in page and reverse("dashboards:public") in page
    assert client.get(reverse("dashboards:public")).status_code == 200
