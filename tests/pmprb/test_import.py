"""Importing KemenPAN-RB's LKE workbook: the reference workbook reproduces the loaded 14/2014 version exactly."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from pmprb.importing import import_workbook, preview_workbook
from pmprb.models import HasilIndicator, LkeArea, Question, SubArea, WorksheetVersion
from tests import factories, workbooks

pytestmark = pytest.mark.django_db
WORKBOOK = Path(__file__).parent / "data" / "lke-rb-permenpan-14-2014.xlsx"
META = {
    "code": "lke-impor",
    "name": "LKE impor",
    "regulation": "PermenPAN-RB 14/2014",
    "first_year": 2015,
    "last_year": 2019,
    "predicate_scale": "indeks_rb",
    "source": "uji",
}


def structure(version) -> dict:
    """Everything the issue asks the import to reproduce, in worksheet order."""
    areas = [(a.number, a.name, a.weight) for a in LkeArea.objects.filter(component__version=version)]
    subareas = [(s.code, s.name, s.weight) for s in SubArea.objects.filter(area__component__version=version)]
    questions = [
        (q.code, q.text, q.answer_type, q.criteria, q.rule, [(o.code, o.text, o.value) for o in q.options.all()])
        for q in Question.objects.filter(subarea__area__component__version=version)
        .order_by("subarea__area__number", "subarea__order", "order")
        .prefetch_related("options")
    ]
    hasil = [
        (i.name, i.group_name, i.weight, i.input_max, [(level.label, level.score) for level in i.levels.all()])
        for i in HasilIndicator.objects.filter(component__version=version).prefetch_related("levels")
    ]
    components = list(version.components.values_list("code", "name", "weight"))
    return {"areas": areas, "subareas": subareas, "questions": questions, "hasil": hasil, "components": components}


def test_the_reference_workbook_previews_without_errors():
    preview = preview_workbook(WORKBOOK)
    assert preview.errors == []
    assert (len(preview.areas), sum(len(a["subareas"]) for a in preview.areas), len(preview.questions)) == (8, 33, 146)
    assert preview.answer_type_counts == {"ABCD": 64, "YT": 41, "ABC": 38, "ABCDE": 3}
    warnings = " ".join(str(w) for w in preview.warnings)
    assert "Lembar 'LKE', baris 141, kolom H: 7.3.b: pilihan D" in warnings
    assert "Lembar 'LKE', baris 14, kolom K: 1.2.a" in warnings
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()  # a preview writes nothing


def test_the_import_reproduces_the_loaded_version_exactly():
    version, preview = import_workbook(WORKBOOK, META)
    assert version is not None and not version.is_published
    assert (version.first_year, version.last_year, version.total_weight) == (2015, 2019, 100)
    imported, loaded = structure(version), structure(factories.lke_2014())
    assert len(imported["questions"]) == 146
    for key in ("components", "areas", "subareas", "questions", "hasil"):
        assert imported[key] == loaded[key], key


def test_question_7_3_b_reads_four_different_options():
    question = Question.objects.get(subarea__area__component__version=factories.lke_2014(), code="7.3.b")
    texts = list(question.options.values_list("text", flat=True))
    assert len(set(texts)) == 4
    assert texts[3] == "Seluruh unit organisasi belum mengimplementasikan penanganan pengaduan masyarakat"


def broken_workbook(**cells) -> io.BytesIO:
    workbook = load_workbook(WORKBOOK)
    sheet = workbook.worksheets[0]
    for address, value in cells.items():
        sheet[address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_row_errors_are_listed_and_nothing_is_imported():
    handle = broken_workbook(I11="A/B/X", G13="3", H15="a. satu\nb. dua")
    version, preview = import_workbook(handle, META)
    assert version is None
    errors = [str(e) for e in preview.errors]
    assert "Lembar 'LKE', baris 11, kolom I: jenis jawaban 'A/B/X' tidak dikenal." in errors
    weight = "Lembar 'LKE', baris 13, kolom G: bobot Road Map Reformasi Birokrasi di kolom (3)"
    assert any(e.startswith(weight) for e in errors)
    assert "Lembar 'LKE', baris 15, kolom H: 1.2.b: 2 teks pilihan untuk jenis A/B/C." in errors
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()
    assert (
        Question.objects.count()
        == Question.objects.filter(subarea__area__component__version__code__in=["permenpan-14-2014"]).count()
    )


def test_weights_that_do_not_add_up_import_nothing():
    version, preview = import_workbook(broken_workbook(G9="2", E9="Tim Reformasi Birokrasi (2)"), META)
    assert version is None and "jumlah bobot sub-area 6, seharusnya 5" in " ".join(map(str, preview.errors))
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()


def test_a_file_that_is_not_a_workbook_is_refused():
    version, preview = import_workbook(io.BytesIO(b"bukan excel"), META)
    assert version is None and "bukan .xlsx yang dapat dibaca" in str(preview.errors[0])


def test_an_existing_code_is_refused():
    version, preview = import_workbook(WORKBOOK, {**META, "code": "permenpan-14-2014"})
    assert version is None and "sudah dipakai" in str(preview.errors[0])


@pytest.fixture
def superuser(client):
    user = factories.make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_the_admin_previews_then_imports_a_draft(client, superuser):
    url = reverse("admin:pmprb_worksheetversion_import")
    fields = {key: value for key, value in META.items() if key != "source"}
    upload = SimpleUploadedFile("lke.xlsx", WORKBOOK.read_bytes())
    page = client.post(url, {**fields, "workbook": upload})
    text = page.content.decode()
    assert page.status_code == 200 and "146 pertanyaan" in text and "Impor sebagai draf" in text
    assert "Seluruh unit organisasi belum mengimplementasikan" in text
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()
    response = client.post(url, {**fields, "confirm": "1", "token": page.context["token"]})
    version = WorksheetVersion.objects.get(code=META["code"])
    assert response.status_code == 302 and not version.is_published
    assert Question.objects.filter(subarea__area__component__version=version).count() == 146


def test_the_admin_shows_row_errors_and_offers_no_import(client, superuser):
    url = reverse("admin:pmprb_worksheetversion_import")
    fields = {key: value for key, value in META.items() if key != "source"}
    upload = SimpleUploadedFile("lke.xlsx", broken_workbook(I11="A/B/X").getvalue())
    page = client.post(url, {**fields, "workbook": upload})
    text = page.content.decode()
    assert "Lembar &#x27;LKE&#x27;, baris 11, kolom I: jenis jawaban" in text and "Impor sebagai draf" not in text
    client.post(url, {**fields, "confirm": "1", "token": page.context["token"]})  # a forced confirm
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()


def test_an_evaluator_cannot_reach_the_import(client, evaluator):
    client.force_login(evaluator)
    response = client.get(reverse("admin:pmprb_worksheetversion_import"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def hostile_lke(cell: str, xml: str) -> io.BytesIO:
    return io.BytesIO(workbooks.with_cell(WORKBOOK.read_bytes(), cell, xml, sheet="LKE "))


def test_a_formula_where_the_structure_is_written_is_refused_not_read_as_text():
    """Opened with formulas (column K's are read), a question text `=E11` was imported as that text."""
    version, preview = import_workbook(broken_workbook(F11="=E11"), META)
    assert version is None
    assert "baris 11, kolom F: sel F11 berisi rumus" in " ".join(map(str, preview.errors))
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()


@pytest.mark.parametrize("case", ["NaN", "INF", "rujukan karakter tidak sah"])
def test_a_cell_that_would_break_the_reader_is_named(case):
    version, preview = import_workbook(hostile_lke("G13", workbooks.HOSTILE_CELLS[case]), META)
    assert version is None
    [error] = preview.errors
    assert error.row == 13 and "Lembar 'LKE ' sel G13: " in str(error) and workbooks.EXPECTED[case] in str(error)
    assert not WorksheetVersion.objects.filter(code=META["code"]).exists()
