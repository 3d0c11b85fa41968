"""Excel round trip: a pre-filled workbook out, the filled one back in, previewed, all or nothing."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from core.models import PendingUpload
from monev import excel
from monev.choices import Status
from monev.models import Realisation, ReportEvent
from tests import factories, workbooks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, user, period):
    client.force_login(user)
    response = client.get(reverse("monev:excel_download", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook, name="isian.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def fill(sheet, row: int, **values) -> None:
    for key, value in values.items():
        sheet.cell(row=row, column=excel.KEYS.index(key) + 1, value=value)


def upload(client, period, workbook):
    return client.post(reverse("monev:excel_upload", args=[period.pk]), {"file": as_upload(workbook)})


def test_download_lists_every_task_row_with_targets_and_a_guide(client, operator_inspektorat, open_period):
    workbook = download(client, operator_inspektorat, open_period)
    assert workbook.sheetnames == ["Laporan", "Petunjuk", "meta"]
    sheet = workbook["Laporan"]
    ids = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert sum(1 for i in ids if i.startswith("K-")) == 36 + 4  # all of area 6 Pengawasan, PMPRB rows of area 1
    # section 1.e names Inspektorat; the Pemda assigns it opini BPK, LHKPN and KKN complaints
    assert sum(1 for i in ids if i.startswith("I-")) == 8 + 3
    apip = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=4).value == "Tingkat Kapabilitas APIP"
    )
    assert sheet.cell(row=apip, column=5).value == "Level 3 (integrated)"
    assert sheet.freeze_panes == "E2"
    assert "Jangan ubah kolom ID" in " ".join(str(c.value) for c in workbook["Petunjuk"]["A"])


def test_round_trip_previews_then_applies_all_rows(client, operator_a, open_period):
    workbook = download(client, operator_a, open_period)
    sheet = workbook["Laporan"]
    fill(sheet, 2, progress=75, narrative="Evaluasi produk hukum selesai.", obstacles="Waktu rapat terbatas.")
    fill(sheet, 3, progress="12,5", narrative="SOP disusun.")
    preview = upload(client, open_period, workbook)
    page = preview.content.decode()
    assert "Tidak ada masalah. 2 laporan akan diperbarui." in page
    assert not Realisation.objects.exists()
    token = preview.context["token"]
    response = client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": token}, follow=True)
    assert "2 laporan diperbarui dari Excel." in response.content.decode()
    progress = sorted(Realisation.objects.values_list("progress", flat=True))
    assert [str(p) for p in progress] == ["12.50", "75.00"]
    assert ReportEvent.objects.filter(action=ReportEvent.Action.IMPORTED).count() == 2


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_applied(client, operator_inspektorat, open_period):
    workbook = download(client, operator_inspektorat, open_period)
    sheet = workbook["Laporan"]
    rows = {sheet.cell(row=r, column=4).value: r for r in range(2, sheet.max_row + 1)}
    fill(sheet, 2, progress="banyak")
    fill(sheet, 3, progress=140)
    fill(sheet, rows["Tingkat Kapabilitas APIP"], level="Level 9")
    fill(sheet, rows["Persentase APIP yang bersertifikat"], value="lima puluh")
    fill(sheet, 4, narrative="baris yang benar")
    page = upload(client, open_period, workbook).content.decode()
    assert "4 masalah ditemukan; tidak ada yang diterapkan." in page
    assert "bukan angka" in page and "antara 0 dan 100" in page and "tidak ada pada skala" in page
    assert "Terapkan semua" not in page
    assert not Realisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ini bukan excel", "bukan .xlsx yang dapat dibaca"),
        (b"PK\x03\x04rusak", "bukan .xlsx yang dapat dibaca"),
    ],
)
def test_corrupt_files_get_a_clear_message(client, operator_a, open_period, content, message):
    client.force_login(operator_a)
    response = client.post(
        reverse("monev:excel_upload", args=[open_period.pk]), {"file": SimpleUploadedFile("isian.xlsx", content)}
    )
    assert message in response.content.decode()
    assert not Realisation.objects.exists()


def test_a_foreign_workbook_is_refused(client, operator_a, open_period):
    client.force_login(operator_a)
    foreign = Workbook()
    foreign.active.append(["Nama", "Nilai"])
    page = upload(client, open_period, foreign).content.decode()
    assert "bukan lembar isian Pantau RB" in page


def test_another_opds_workbook_is_refused(client, operator_a, operator_b, open_period):
    workbook = download(client, operator_b, open_period)
    client.force_login(operator_a)
    page = upload(client, open_period, workbook).content.decode()
    assert "dibuat untuk OPD lain" in page


def test_a_workbook_of_another_period_is_refused(client, operator_a, open_period):
    workbook = download(client, operator_a, factories.period(2023, 1))
    page = upload(client, open_period, workbook).content.decode()
    assert "dibuat untuk periode lain" in page


def test_a_row_changed_since_download_is_refused(client, operator_a, open_period, activity_a):
    workbook = download(client, operator_a, open_period)
    factories.report(operator_a, open_period, activity_a, progress=10)
    fill(workbook["Laporan"], 2, progress=99, narrative="dari excel")
    page = upload(client, open_period, workbook).content.decode()
    assert "sudah berubah sejak berkas diunduh" in page
    assert Realisation.objects.get().progress == 10


def test_submitted_rows_cannot_be_changed_through_excel(client, operator_a, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    workbook = download(client, operator_a, open_period)
    fill(workbook["Laporan"], 2, progress=99)
    page = upload(client, open_period, workbook).content.decode()
    assert "tidak dapat diubah" in page


def test_apply_is_all_or_nothing(operator_a, verifier, open_period, activity_a):
    from monev import workflow

    rows = [
        {
            "row_number": 2,
            "kind": "kegiatan",
            "row_id": activity_a.pk,
            "version": 0,
            "changed": True,
            "label": "",
            "values": {"value": None, "progress": "10", "narrative": "a", "obstacles": "", "follow_up": ""},
        },
        {
            "row_number": 3,
            "kind": "kegiatan",
            "row_id": factories.activity_of("BKPPD").pk,
            "version": 0,
            "changed": True,
            "label": "",
            "values": {"value": None, "progress": "10", "narrative": "b", "obstacles": "", "follow_up": ""},
        },
    ]
    with pytest.raises(workflow.WorkflowError, match="Baris 3"):
        excel.apply_rows(operator_a, operator_a.membership.opd, open_period, rows)
    assert not Realisation.objects.exists()


def test_apply_without_a_matching_preview_does_nothing(client, operator_a, open_period):
    client.force_login(operator_a)
    response = client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": "palsu"}, follow=True)
    assert "Pratinjau tidak ditemukan" in response.content.decode()
    assert not Realisation.objects.exists()


def test_values_keep_their_status_after_import(client, operator_a, open_period):
    workbook = download(client, operator_a, open_period)
    fill(workbook["Laporan"], 2, progress=20, narrative="x")
    preview = upload(client, open_period, workbook)
    client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": preview.context["token"]})
    assert Realisation.objects.get().status == Status.DRAFT


FORMULA_LIKE = {"narrative": "=1+1 tetap teks", "obstacles": "- butir satu\r\n- butir dua", "follow_up": "'kutip"}


def test_an_unchanged_template_changes_nothing_even_with_formula_like_text(client, operator_a, open_period):
    first, second = factories.Activity.objects.filter(opd_links__opd__short_name="Bagian Hukum")[:2]
    factories.report(operator_a, open_period, first, **FORMULA_LIKE)
    factories.report(operator_a, open_period, second, narrative="@daftar", obstacles="+62 812", follow_up="\tawal")
    before = list(Realisation.objects.order_by("pk").values())
    workbook = download(client, operator_a, open_period)
    sheet = workbook["Laporan"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'=1+1 tetap teks" in [cell.value for cell in cells]
    preview = upload(client, open_period, workbook)
    assert "Tidak ada masalah. 0 laporan akan diperbarui." in preview.content.decode()
    assert list(Realisation.objects.order_by("pk").values()) == before


def test_formula_like_text_survives_an_edit_elsewhere_in_the_row(client, operator_a, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, progress=10, **FORMULA_LIKE)
    workbook = download(client, operator_a, open_period)
    fill(workbook["Laporan"], 2, progress=20)
    preview = upload(client, open_period, workbook)
    client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": preview.context["token"]})
    saved = Realisation.objects.get()
    assert saved.progress == 20
    assert saved.narrative == FORMULA_LIKE["narrative"]
    assert saved.obstacles == "- butir satu\n- butir dua"
    assert saved.follow_up == "'kutip"


def test_control_characters_in_a_report_do_not_break_the_template(client, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    Realisation.objects.filter(pk=report.pk).update(narrative="bel\x07 dan nul\x0b")
    workbook = download(client, operator_a, open_period)
    assert workbook["Laporan"].cell(row=2, column=excel.KEYS.index("narrative") + 1).value == "bel dan nul"
    assert "0 laporan akan diperbarui" in upload(client, open_period, workbook).content.decode()


def test_numbers_in_the_workbook_are_read_like_the_form_reads_them(client, operator_inspektorat, open_period):
    workbook = download(client, operator_inspektorat, open_period)
    sheet = workbook["Laporan"]
    rows = {sheet.cell(row=r, column=4).value: r for r in range(2, sheet.max_row + 1)}
    fill(sheet, rows["Persentase APIP yang bersertifikat"], value="1.234,5", narrative="x")
    fill(sheet, 2, progress="12,5", narrative="y")
    preview = upload(client, open_period, workbook)
    assert "Tidak ada masalah. 2 laporan akan diperbarui." in preview.content.decode()
    client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": preview.context["token"]})
    assert sorted(str(v) for v in Realisation.objects.values_list("value", flat=True) if v is not None) == ["1234.5000"]


def test_every_refused_number_is_named_by_its_cell_and_nothing_is_stored(client, operator_inspektorat, open_period):
    workbook = download(client, operator_inspektorat, open_period)
    sheet = workbook["Laporan"]
    rows = {sheet.cell(row=r, column=4).value: r for r in range(2, sheet.max_row + 1)}
    apip = rows["Persentase APIP yang bersertifikat"]
    fill(sheet, apip, value=1e15, narrative="x")  # beyond Realisation.value (14 digits, 4 decimals)
    fill(sheet, 2, progress="NaN")
    fill(sheet, 3, progress="12,34567")
    fill(sheet, 4, progress="82.5")
    response = upload(client, open_period, workbook)
    assert response.status_code == 200
    page = response.content.decode()
    assert "4 masalah ditemukan; tidak ada yang diterapkan." in page
    for cell in (f"H{apip}", "J2", "J3", "J4"):
        assert f"<td>{cell}</td>" in page
    assert "terlalu besar" in page and "angka di belakang koma" in page and "pakai koma untuk desimal" in page
    assert not Realisation.objects.exists()


def declaring_many_rows(template: bytes, last_row: int = 1_048_576) -> bytes:
    """The template with one more cell on the sheet's last possible row: a few bytes that make a reader
    which follows the sheet's own dimensions produce a million rows."""
    source, target = io.BytesIO(template), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c></row>'
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="A1:N{last_row}"'.encode(), data)
                data = data.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
            new.writestr(item, data)
    return target.getvalue()


def test_a_file_declaring_a_million_rows_is_refused_after_reading_the_row_limit(
    client, operator_a, open_period, monkeypatch
):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    client.force_login(operator_a)
    template = client.get(reverse("monev:excel_download", args=[open_period.pk])).content
    hostile = declaring_many_rows(template)
    assert len(hostile) < len(template) + 1000
    produced = []
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            produced.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    response = client.post(
        reverse("monev:excel_upload", args=[open_period.pk]),
        {"file": SimpleUploadedFile("isian.xlsx", hostile, content_type=XLSX)},
    )
    assert "Terlalu banyak baris (maksimal 5000)" in response.content.decode()
    assert len(produced) <= excel.MAX_ROWS + 1 + 10  # the meta sheet's few rows
    assert not Realisation.objects.exists()


def test_a_file_over_the_size_limits_is_refused_before_it_is_read(client, operator_a, open_period, settings):
    workbook = download(client, operator_a, open_period)
    settings.EXCEL_MAX_BYTES = 1000
    assert "Berkas terlalu besar" in upload(client, open_period, workbook).content.decode()
    settings.EXCEL_MAX_BYTES = 5 * 1024 * 1024
    settings.EXCEL_MAX_UNPACKED_BYTES = 10_000
    assert "terlalu besar setelah dibuka" in upload(client, open_period, workbook).content.decode()


@pytest.mark.parametrize("case", list(workbooks.HOSTILE_CELLS))
def test_a_cell_the_reader_cannot_read_exactly_is_named_and_nothing_is_applied(client, operator_a, open_period, case):
    """A formula without its stored value used to read as an empty text ("Tidak ada masalah"), NaN or
    an invalid character reference as a 500."""
    workbook = download(client, operator_a, open_period)
    sheet = workbook["Laporan"]
    fill(sheet, 2, progress=40, narrative="baris yang benar")
    fill(sheet, 3, progress=60, narrative="akan dirusak")
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = workbooks.hostile(buffer.getvalue(), case, "L3", sheet="Laporan")  # L: Uraian capaian
    response = client.post(
        reverse("monev:excel_upload", args=[open_period.pk]), {"file": SimpleUploadedFile("isian.xlsx", content)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 masalah ditemukan; tidak ada yang diterapkan." in page
    assert "<td>L3</td><td>3</td><td>Uraian capaian</td>" in page
    assert escape(workbooks.EXPECTED[case]) in page
    assert "Terapkan semua" not in page and not PendingUpload.objects.exists()
    assert not Realisation.objects.exists()


def test_a_preview_with_problems_cannot_be_applied_by_an_old_token(client, operator_inspektorat, open_period):
    workbook = download(client, operator_inspektorat, open_period)
    fill(workbook["Laporan"], 2, progress=50, narrative="benar")
    token = upload(client, open_period, workbook).context["token"]
    fill(workbook["Laporan"], 3, progress="banyak")
    assert upload(client, open_period, workbook).context["token"] == ""
    client.post(reverse("monev:excel_apply", args=[open_period.pk]), {"token": token})
    assert not Realisation.objects.exists()


def test_an_id_cell_with_other_digits_is_a_problem_not_a_500(client, operator_a, open_period):
    workbook = download(client, operator_a, open_period)
    fill(workbook["Laporan"], 2, id="K-²", progress=10)
    page = upload(client, open_period, workbook).content.decode()
    assert "ID &#x27;K-²&#x27; bukan baris tugas OPD ini." in page
