"""A path for every year: a year whose model is not usable says what is missing and offers the import of its
official workbook or a latihan on a usable model (issue 20). The workbooks are test data shaped like
26/2020 and 9/2023, built by tests/pmprb/lke_shapes.py; never a model."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core.errors import WorkflowError
from pmprb import workflow
from pmprb.importing import import_official
from pmprb.models import Assessment, Question, WorksheetVersion
from pmprb.summary import summarise
from pmprb.versions import is_usable, version_for_year
from tests import factories
from tests.pmprb import lke_shapes

D = Decimal
FORM_26 = {
    "year": "2021",
    "name": "LKE uji bentuk 26/2020",
    "regulation": "Peraturan Menteri PAN-RB Nomor 26 Tahun 2020",
    "first_year": "2020",
    "last_year": "2022",
    "predicate_scale": "indeks_rb",
}


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


def test_a_year_without_a_usable_model_says_what_is_missing_and_offers_two_ways(client, evaluator):
    client.force_login(evaluator)
    page = text_of(client.post(reverse("pmprb:index"), {"year": "2021"}))
    assert (
        "Model tahun 2021 (Lembar Kerja Evaluasi Reformasi Birokrasi (PermenPAN-RB 26/2020)) belum dapat dipakai"
        in page
    )
    assert f'href="{reverse("pmprb:import_lke")}?tahun=2021"' in page
    assert "Mulai latihan tahun 2021 pada model" in page and 'name="latihan" value="1"' in page
    assert "Bobot total versi" not in page and "belum berisi bagian" not in page  # no model internals
    assert not Assessment.objects.exists()


def test_the_evaluator_imports_a_26_2020_shaped_workbook_for_2021_then_assesses_and_finalises(client, evaluator):
    client.force_login(evaluator)
    url = reverse("pmprb:import_lke")
    guide = text_of(client.get(url, {"tahun": "2021"}))
    assert "Kementerian PAN-RB" in guide and 'value="Peraturan Menteri PAN-RB Nomor 26 Tahun 2020"' in guide
    upload = SimpleUploadedFile("lke-2021.xlsx", lke_shapes.workbook_26_2020())
    previewed = client.post(url, {**FORM_26, "workbook": upload})
    preview = text_of(previewed)
    assert "11 area, 19 pertanyaan, 4 indikator hasil." in preview
    assert "PEMENUHAN" in preview and "HASIL ANTARA" in preview and "REFORM" in preview
    assert "a. Seluruhnya (uji)" not in preview and "A. Seluruhnya (uji) (1)" in preview  # options with values
    assert "Impor dan pakai model ini" in preview
    assert not WorksheetVersion.objects.filter(name=FORM_26["name"]).exists()  # a preview writes nothing
    response = client.post(url, {**FORM_26, "confirm": "1", "token": previewed.context["token"]})
    assert response.status_code == 302
    version = WorksheetVersion.objects.get(name=FORM_26["name"])
    assert is_usable(version) and version_for_year(2021) == version
    client.post(reverse("pmprb:index"), {"year": "2021"})
    assessment = Assessment.objects.get(year=2021)
    assert assessment.version == version and not assessment.is_practice
    percent = Question.objects.get(
        subarea__area__component__version=version, answer_type="PERSEN", text__startswith="Persentase unit"
    )
    area = percent.subarea.area.number
    client.post(reverse("pmprb:area", args=[assessment.pk, area]), {f"a-{percent.pk}": "50"})
    assert summarise(assessment).result.total == D(15)  # Reform 30 × 50 %
    client.post(reverse("pmprb:finalise", args=[assessment.pk]), {"confirm": "1"})
    assessment.refresh_from_db()
    assert assessment.is_final
    text = pdf_text(client.get(reverse("dashboards:report_pdf", args=[assessment.pk])))
    assert "Peraturan Menteri PAN-RB Nomor 26 Tahun 2020 (model evaluasi tahun 2021)" in text and "LATIHAN" not in text


def test_a_9_2023_shaped_workbook_becomes_2023s_usable_model():
    meta = {
        "code": "lke-uji-2023",
        "name": "LKE uji bentuk 9/2023",
        "regulation": "PermenPAN-RB 9/2023 (uji)",
        "first_year": 2023,
        "last_year": None,
        "predicate_scale": "indeks_rb",
        "source": "uji",
    }
    version, preview = import_official(io.BytesIO(lke_shapes.workbook_9_2023()), meta)
    assert preview.errors == [] and version.is_published and version.total_weight == D(120)
    assert version_for_year(2023) == version
    tematik = version.components.get(code="rb-tematik")
    assert tematik.children.count() == 4 and [c.weight for c in tematik.children.all()] == [D(5)] * 4


def test_a_workbook_with_errors_names_sheet_row_and_column_and_imports_nothing(client, evaluator):
    client.force_login(evaluator)
    url = reverse("pmprb:import_lke")
    upload = SimpleUploadedFile("lke.xlsx", lke_shapes.workbook_26_2020(I8="A/B/X"))
    previewed = client.post(url, {**FORM_26, "workbook": upload})
    page = text_of(previewed)
    assert "Lembar &#x27;LKE&#x27;, baris 8, kolom I: jenis jawaban &#x27;A/B/X&#x27; tidak dikenal." in page
    assert "Impor dan pakai model ini" not in page
    client.post(url, {**FORM_26, "confirm": "1", "token": previewed.context["token"]})  # a forced confirm
    assert not WorksheetVersion.objects.filter(name=FORM_26["name"]).exists()


def test_a_workbook_that_would_stay_unusable_keeps_nothing():
    meta = {
        "code": "lke-uji-kosong",
        "name": "LKE uji",
        "regulation": "uji",
        "first_year": 2020,
        "last_year": 2022,
        "predicate_scale": "indeks_rb",
        "source": "uji",
    }
    version, preview = import_official(io.BytesIO(lke_shapes.workbook_26_2020(F7="", F8="")), meta)
    assert version is None and "Sub-area tanpa pertanyaan: 1.1" in " ".join(map(str, preview.errors))
    assert not WorksheetVersion.objects.filter(code="lke-uji-kosong").exists()


@pytest.fixture
def practice(client, evaluator):
    client.force_login(evaluator)
    client.post(reverse("pmprb:index"), {"year": "2022", "latihan": "1"})
    return Assessment.objects.get(year=2022, is_practice=True)


def test_a_latihan_is_marked_on_every_page_and_names_the_years_official_model(client, practice):
    assert practice.version == factories.lke_2014()
    official = "Model resmi tahun 2022: Lembar Kerja Evaluasi Reformasi Birokrasi (PermenPAN-RB 26/2020)"
    for url in (
        practice.get_absolute_url(),
        reverse("pmprb:area", args=[practice.pk, 1]),
        reverse("pmprb:finalise", args=[practice.pk]),
    ):
        page = text_of(client.get(url))
        assert "<strong>LATIHAN</strong>" in page and official in page, url
    assert "LATIHAN" in text_of(client.get(reverse("pmprb:index")))
    text = pdf_text(client.get(reverse("dashboards:report_pdf", args=[practice.pk])))
    assert "LATIHAN" in text and "bukan hasil resmi tahun ini" in text and "PermenPAN-RB 26/2020" in text
    book = load_workbook(io.BytesIO(client.get(reverse("dashboards:report_xlsx", args=[practice.pk])).content))
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary["Status"].startswith("LATIHAN") and "26/2020" in summary["Model resmi tahun ini"]
    assert all(sheet.oddHeader.center.text.startswith("LATIHAN") for sheet in book.worksheets)


def test_a_latihan_cannot_be_finalised_as_the_years_result(client, evaluator, practice):
    page = text_of(client.post(reverse("pmprb:finalise", args=[practice.pk]), {"confirm": "1"}, follow=True))
    assert "tidak dapat difinalkan sebagai hasil resmi tahun 2022" in page
    practice.refresh_from_db()
    assert practice.is_draft
    with pytest.raises(WorkflowError, match="latihan"):
        workflow.finalise_assessment(evaluator, practice, confirmed=True)
    assert "Finalkan</a>" not in text_of(client.get(practice.get_absolute_url()))


def test_a_latihan_leaves_the_years_official_place_free_and_is_never_a_previous_year(evaluator, practice):
    official = workflow.create_assessment(evaluator, 2022, version=factories.lke_2014())
    assert not official.is_practice and Assessment.objects.filter(year=2022).count() == 2
    with pytest.raises(WorkflowError, match="Latihan tahun 2022 sudah ada"):
        workflow.create_assessment(evaluator, 2022, practice=True)
    official.delete()
    later = workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    assert summarise(later).previous is None  # the 2022 latihan is not 2022's result
