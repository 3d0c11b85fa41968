"""At 390 px a working page's table becomes cards (.stack-on-phone, static/css/app.css): every cell carries
its label, so status, date and action show without sideways scrolling. The browser journey measures the
widths (tests/browser/test_roles_and_phone.py); these pin the markup that makes it work."""

import re
from datetime import date

from django.urls import reverse

from pmprb import workflow as pmprb_workflow
from pmprb.models import LkeArea
from roadmap.models import OPD


def stacked_cells(html: str) -> list[str]:
    """The <td> tags of the page's .stack-on-phone tables."""
    tables = re.findall(r'<table[^>]*class="[^"]*stack-on-phone[^"]*"[^>]*>.*?</table>', html, flags=re.S)
    assert tables, "no table stacks on a phone"
    return [cell for table in tables for cell in re.findall(r"<td\b[^>]*>", table)]


def assert_every_cell_labelled(html: str) -> None:
    cells = stacked_cells(html)
    assert cells and all("data-label=" in cell or "colspan" in cell for cell in cells), cells[:5]


def test_recommendations_and_pmprb_tables_stack_on_a_phone(client, operator_a, evaluator):
    assessment = pmprb_workflow.create_assessment(evaluator, 2019)
    area = LkeArea.objects.get(component__version=assessment.version, number=1)
    finding = pmprb_workflow.add_finding(evaluator, 2019, area, "Temuan")
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    pmprb_workflow.add_recommendation(evaluator, finding, "Susun SOP", hukum, date(2026, 6, 30))
    client.force_login(operator_a)
    page = client.get(reverse("pmprb:recommendations")).content.decode()
    assert_every_cell_labelled(page)
    assert 'data-label="Batas waktu">30 Jun 2026' in page and 'data-label="Tindak lanjut"' in page
    client.force_login(evaluator)
    assert_every_cell_labelled(client.get(reverse("pmprb:index")).content.decode())
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert 'id="area-table"' in detail
    assert_every_cell_labelled(detail)


def test_the_annual_recap_stacks_on_a_phone(client, verifier, open_period):
    client.force_login(verifier)
    assert_every_cell_labelled(client.get(reverse("dashboards:annual")).content.decode())
