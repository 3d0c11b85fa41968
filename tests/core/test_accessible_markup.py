"""Markup the axe-core check of the browser journeys (tests/browser/axe.py) asks for, pinned without a
browser: charts a keyboard can scroll, no links inside an image, a label on every checkbox."""

from django.urls import reverse

from core import charts
from tests import factories


def test_a_chart_box_is_a_focusable_region_and_a_linked_chart_is_no_image():
    linked = str(charts.bar_chart([charts.Bar("Area 1", 50, "50 %", "/monev/dasbor/area/1/")], "Capaian"))
    assert "<div class='chart-box' tabindex='0' role='region' aria-label='Capaian'>" in linked
    assert "role='group'" in linked and "role='img'" not in linked
    plain = str(charts.bar_chart([charts.Bar("Area 1", 50, "50 %")], "Capaian"))
    assert "role='img'" in plain


def test_every_checkbox_of_the_queue_has_a_label(client, operator_a, verifier, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    html = client.get(reverse("monev:verification_queue")).content.decode()
    boxes = [tag for tag in html.split("<input")[1:] if 'type="checkbox"' in tag.split(">")[0]]
    assert boxes and all("aria-label=" in tag.split(">")[0] for tag in boxes)
