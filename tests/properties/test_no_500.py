"""Property-based: whatever a user sends through the report form, the Excel upload, the PMPRB hasil
form or a list's parameters, the answer is never a 500, and refused input changes nothing (row counts
and a hash of every report are the same before and after)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.spreadsheets import clean_text, text_from_cell
from monev import excel
from monev.models import Realisation
from pmprb import workflow as pmprb_workflow
from pmprb.models import HasilIndicator
from tests import factories
from tests.properties.conftest import snapshot
from tests.properties.strategies import cells, numbers, texts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def assert_clean(text: str, field: str) -> None:
    limit = Realisation._meta.get_field(field).max_length
    assert "\x00" not in text and "\r" not in text and len(text) <= limit


@given(value=numbers, progress=numbers, narrative=texts, obstacles=texts, version=texts, submit=st.booleans())
def test_the_report_form_never_fails_and_refusals_change_nothing(
    client, operator_inspektorat, open_period, value, progress, narrative, obstacles, version, submit
):
    apip = factories.indicator("Persentase APIP yang bersertifikat")
    client.force_login(operator_inspektorat)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", apip.pk])
    data = {"value": value, "progress": progress, "narrative": narrative, "obstacles": obstacles, "version": version}
    if submit:
        data["submit"] = "1"
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert snapshot() == before
    for report in Realisation.objects.all():
        assert_clean(report.narrative, "narrative"), assert_clean(report.obstacles, "obstacles")
        assert client.get(report.get_absolute_url()).status_code in (200, 302)
    assert client.get(reverse("monev:excel_download", args=[open_period.pk])).status_code == 200


@given(edits=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(excel.EDITABLE), cells), max_size=6))
def test_the_excel_upload_never_fails_and_a_refused_file_changes_nothing(client, operator_a, open_period, edits):
    client.force_login(operator_a)
    template = client.get(reverse("monev:excel_download", args=[open_period.pk])).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[excel.SHEET]
    for row, key, value in edits:
        sheet.cell(row=2 + row, column=excel.KEYS.index(key) + 1, value=_storable(value))
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = snapshot()
    url = reverse("monev:excel_upload", args=[open_period.pk])
    response = client.post(url, {"file": SimpleUploadedFile("isian.xlsx", buffer.getvalue(), content_type=XLSX)})
    assert response.status_code == 200
    assert snapshot() == before  # a preview never writes
    context = response.context
    if context.get("rows") is not None and not context.get("problems") and context.get("changed"):
        applied = client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": context["token"]})
        assert applied.status_code == 302
    for report in Realisation.objects.all():
        assert_clean(report.narrative, "narrative")


@given(content=st.binary(max_size=2000))
def test_any_bytes_as_an_excel_upload_are_refused_cleanly(client, operator_a, open_period, content):
    client.force_login(operator_a)
    before = snapshot()
    url = reverse("monev:excel_upload", args=[open_period.pk])
    response = client.post(url, {"file": SimpleUploadedFile("isian.xlsx", content, content_type=XLSX)})
    assert response.status_code == 200 and snapshot() == before


@pytest.fixture
def assessment(evaluator):
    return pmprb_workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())


@given(data=st.data())
def test_the_hasil_form_never_fails_and_refusals_change_nothing(client, evaluator, assessment, data):
    indicators = HasilIndicator.objects.filter(component__version=assessment.version).prefetch_related("levels")
    posted = {}
    for indicator in indicators:
        if indicator.input_max is None:
            levels = [str(level.pk) for level in indicator.levels.all()]
            posted[f"hasil-{indicator.pk}"] = data.draw(st.one_of(st.sampled_from(levels), texts))
        else:
            posted[f"hasil-{indicator.pk}"] = data.draw(numbers)
    client.force_login(evaluator)
    before = snapshot()
    response = client.post(reverse("pmprb:hasil", args=[assessment.pk]), posted, follow=True)
    assert response.status_code == 200
    refused = any(message.level_tag == "error" for message in response.context["messages"])
    if refused:
        assert snapshot() == before
    for item in assessment.hasil_inputs.select_related("indicator"):
        assert item.value is None or 0 <= item.value <= item.indicator.input_max


LIST_VIEWS = [
    "monev:verification_queue",
    "dashboards:indicator_list",
    "dashboards:activity_list",
    "dashboards:completeness_list",
    "dashboards:overview",
    "pmprb:recommendations",
]
PARAMETERS = ["page", "per_page", "sort", "_export", "status", "opd", "area", "periode", "section", "q", "year"]


@given(
    name=st.sampled_from(LIST_VIEWS),
    params=st.dictionaries(st.sampled_from(PARAMETERS), st.one_of(texts, numbers), max_size=4),
)
def test_list_parameters_never_fail_and_change_nothing(client, verifier, name, params):
    client.force_login(verifier)
    before = snapshot()
    response = client.get(reverse(name), params)
    assert response.status_code in (200, 302, 400, 404)
    assert snapshot() == before


def _storable(value):
    """What openpyxl can put into a cell (it refuses control characters and very long text itself)."""
    if isinstance(value, str):
        return clean_text(text_from_cell(value))[:32767] or None
    return value
