"""The roadmap workbook: any roadmap exported as a workbook a person can read, and a new roadmap
imported from one with row-level errors and all-or-nothing apply."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from actionplan.models import Activity
from perbup.opendata import build_roadmap_document
from perbup.workbook import SHEETS, WorkbookError, export_workbook, import_workbook, parse_workbook
from roadmap.models import Roadmap
from tests import workbooks

COPY = {"nomor": 99, "judul": "Salinan uji road map"}


def without_identity(document: dict) -> dict:
    """The open-data document apart from the roadmap's own name: the copy has another number and title."""
    document = dict(document)
    document["roadmap"] = {k: v for k, v in document["roadmap"].items() if k not in {"number", "title"}}
    return document


def test_the_perbup_roadmap_survives_a_round_trip_through_the_workbook(roadmap):
    content = export_workbook(roadmap)
    parsed = parse_workbook(io.BytesIO(content), overrides=COPY)
    assert parsed.problems == []
    copy = import_workbook(parsed).roadmap
    assert copy.pk != roadmap.pk and copy.number == 99
    original, copied = build_roadmap_document(roadmap), build_roadmap_document(copy)
    assert (len(copied["targets"]), len(copied["activities"]), len(copied["quick_wins"])) == (52, 137, 11)
    assert without_identity(copied) == without_identity(original)


def test_the_workbook_reads_as_a_person_would(roadmap):
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    assert book.sheetnames == ["Petunjuk", *SHEETS]
    assert "Buku kerja road map" in book["Petunjuk"]["A1"].value
    indicators = book["Indikator"]
    headers = [cell.value for cell in indicators[1]]
    assert headers[:5] == ["bagian", "urutan", "sub_judul", "sasaran", "indikator"]
    assert [h for h in headers if h.startswith("target_")] == [f"target_{y}" for y in range(2019, 2024)]
    row = next(r for r in indicators.iter_rows(min_row=2, values_only=True) if r[4] == "Indeks reformasi birokrasi")
    assert row[headers.index("target_2022")] == "68 (BB)"  # the raw text, as printed
    assert book["Rencana Aksi"].max_row - 1 == Activity.objects.perbup().count()


def test_an_import_names_every_bad_cell_and_writes_nothing(roadmap):
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    indicators = book["Indikator"]
    headers = [cell.value for cell in indicators[1]]
    indicators.cell(2, headers.index("urutan") + 1, "pertama")
    indicators.cell(3, headers.index("skala") + 1, "skala_khayalan")
    actions = book["Rencana Aksi"]
    action_headers = [cell.value for cell in actions[1]]
    actions.cell(4, action_headers.index("opd") + 1, "Dinas Tidak Ada")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    before = Roadmap.objects.count()
    parsed = parse_workbook(buffer, overrides=COPY)
    found = {(p.sheet, p.row, p.column) for p in parsed.problems}
    assert found == {("Indikator", 2, "urutan"), ("Indikator", 3, "skala"), ("Rencana Aksi", 4, "opd")}
    assert "Lembar 'Indikator', baris 2, kolom urutan" in str(parsed.problems[0])
    with pytest.raises(WorkbookError):
        import_workbook(parsed)
    assert Roadmap.objects.count() == before


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(db):
    with pytest.raises(WorkbookError, match="bukan .xlsx yang dapat dibaca"):
        parse_workbook(io.BytesIO(b"PK\x03\x04 rusak"))


def test_a_missing_column_is_named(roadmap):
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    book["Area"].delete_cols(2)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    problems = parse_workbook(buffer).problems
    assert [(p.sheet, p.column) for p in problems] == [("Area", "nama")]


@pytest.fixture
def admin_client(client, db):
    from accounts.choices import Role
    from tests import factories

    client.force_login(factories.make_user("admin_buku", Role.ADMINISTRATOR, is_staff=True))
    return client


def test_the_administrator_downloads_and_imports_a_workbook_in_the_admin(admin_client, roadmap, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    download = admin_client.get(reverse("admin:roadmap_workbook", args=[roadmap.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.xlsx"')
    change_page = admin_client.get(reverse("admin:roadmap_roadmap_change", args=[roadmap.pk])).content.decode()
    assert reverse("admin:roadmap_workbook", args=[roadmap.pk]) in change_page
    url = reverse("admin:roadmap_workbook_import")
    upload = SimpleUploadedFile("roadmap.xlsx", download.content)
    preview = admin_client.post(url, {"file": upload, "nomor": 77, "judul": "Road map uji"})
    assert preview.context["parsed"].problems == [] and Roadmap.objects.filter(number=77).count() == 0
    token = preview.context["token"]
    applied = admin_client.post(url, {"apply": "1", "token": token})
    copy = Roadmap.objects.get(number=77)
    assert applied.status_code == 302 and copy.title == "Road map uji"
    assert not list((tmp_path / "impor-tertunda").iterdir())  # the upload is not kept
    again = admin_client.post(url, {"apply": "1", "token": token}, follow=True)
    assert "kedaluwarsa" in again.content.decode() and Roadmap.objects.filter(number=77).count() == 1


def test_only_who_may_add_a_roadmap_imports_one(client, db, verifier):
    from django.urls import reverse

    client.force_login(verifier)
    response = client.get(reverse("admin:roadmap_workbook_import"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_formula_like_and_control_character_texts_go_through_the_one_spreadsheet_writer(roadmap):
    activity = Activity.objects.perbup().first()
    Activity.objects.filter(pk=activity.pk).update(kegiatan='=HYPERLINK("http://contoh.test")\x01', criteria="-a")
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    cells = [cell for row in book["Rencana Aksi"].iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://contoh.test")' in [cell.value for cell in cells]
    parsed = parse_workbook(io.BytesIO(export_workbook(roadmap)), overrides=COPY)
    assert parsed.problems == []
    copy = import_workbook(parsed).roadmap
    copied = Activity.objects.get(area__roadmap=copy, order=activity.order, area__number=activity.area.number)
    assert (copied.kegiatan, copied.criteria) == ('=HYPERLINK("http://contoh.test")', "-a")


def exported(roadmap, change=None) -> bytes:
    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    if change:
        change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_of(roadmap, sheet: str, column: str, row: int) -> str:
    headers = [cell.value for cell in load_workbook(io.BytesIO(export_workbook(roadmap)))[sheet][1]]
    return f"{get_column_letter(headers.index(column) + 1)}{row}"


@pytest.mark.parametrize("case", list(workbooks.HOSTILE_CELLS))
def test_a_cell_that_cannot_be_read_exactly_is_named_and_nothing_is_imported(roadmap, case):
    """A formula without its stored value used to erase a kegiatan's name silently; NaN was a 500."""
    cell = cell_of(roadmap, "Rencana Aksi", "kegiatan", 3)
    content = workbooks.hostile(exported(roadmap), case, cell, sheet="Rencana Aksi")
    parsed = parse_workbook(io.BytesIO(content), overrides=COPY)
    [problem] = parsed.problems
    assert (problem.sheet, problem.row) == ("Rencana Aksi", 3)
    assert problem.column in {"kegiatan", cell[0]}
    assert workbooks.EXPECTED[case] in problem.message
    with pytest.raises(WorkbookError):
        import_workbook(parsed)
    assert not Roadmap.objects.filter(number=99).exists()


def duplicate_row(sheet: str, row: int, **changes):
    def change(book):
        values = [cell.value for cell in book[sheet][row]]
        headers = [cell.value for cell in book[sheet][1]]
        for column, value in changes.items():
            values[headers.index(column)] = value
        book[sheet].append(values)

    return change


@pytest.mark.parametrize(
    ("sheet", "changes", "column"),
    [
        ("OPD", {"nama_singkat": str.lower, "nama": "Lain"}, "nama_singkat"),
        ("OPD", {"nama_singkat": "Lain", "nama": str.upper}, "nama"),
        ("Indikator", {"indikator": "Indikator lain"}, "bagian, urutan"),
        ("Rencana Aksi", {}, "semua kolom"),
        ("Area", {"nama": "Area lain"}, "nomor"),
        ("Quick Wins", {"quick_win": "lain"}, "daftar, nomor"),
    ],
)
def test_a_duplicate_row_is_refused_not_left_to_win(roadmap, sheet, changes, column):
    def change(book):
        headers = [cell.value for cell in book[sheet][1]]
        row = {header: cell.value for header, cell in zip(headers, book[sheet][2], strict=False)}
        values = {key: value(row[key]) if callable(value) else value for key, value in changes.items()}
        duplicate_row(sheet, 2, **values)(book)

    parsed = parse_workbook(io.BytesIO(exported(roadmap, change)), overrides=COPY)
    [problem] = parsed.problems
    assert (problem.sheet, problem.column) == (sheet, column)
    assert "baris ganda: sama dengan baris 2" in problem.message
    assert not Roadmap.objects.filter(number=99).exists()


def test_a_workbook_that_unpacks_too_big_is_refused_before_it_is_opened(roadmap, settings, monkeypatch):
    from core import spreadsheets

    settings.EXCEL_MAX_UNPACKED_BYTES = 100_000
    monkeypatch.setattr(spreadsheets, "load_workbook", lambda *args, **kwargs: pytest.fail("opened"))
    with pytest.raises(WorkbookError, match="terlalu besar setelah dibuka"):
        parse_workbook(io.BytesIO(exported(roadmap)))
