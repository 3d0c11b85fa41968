"""Reorganising OPDs (accounts/reorganisation.py): a merged OPD ends, never disappears; its reports keep its
name; the unit that carries on reports its rows, takes its accounts and shows its history."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership
from accounts.reorganisation import record_change
from actionplan.models import Activity, ActivityOPD
from dashboards.annual import annual_recap
from dashboards.results import period_results
from indicators.models import Indicator
from monev import workflow
from monev.models import Realisation
from monev.periods import ensure_periods
from perbup.workbook import export_workbook, parse_workbook
from roadmap.models import OPD, OPDChange
from tests import factories
from tests.accounts.test_import import preview

DECREE = "Peraturan Bupati Pasuruan tentang Susunan Organisasi Sekretariat Daerah (UJI)"
MERGED_ON = date(2023, 7, 1)


@pytest.fixture
def merged(roadmap, administrator, operator_a, verifier, activity_a):
    """Bagian Hukum reported 2023 Semester I (verified), then merged with Bagian Layanan Pengadaan on 1 July 2023."""
    ensure_periods(roadmap)
    old_report = factories.report(operator_a, factories.period(2023, 1), activity_a, progress=40, submit=True)
    workflow.verify(verifier, old_report)
    new = OPD.objects.create(short_name="Bagian Hukum dan Pengadaan", name="Bagian Hukum dan Pengadaan Barang/Jasa")
    olds = list(OPD.objects.filter(short_name__in=["Bagian Hukum", "Bagian Layanan Pengadaan"]))
    record_change(administrator, OPDChange.Kind.MERGE, olds, [new], MERGED_ON, DECREE)
    return new, old_report


def test_a_merged_opd_ends_keeps_its_name_and_its_reports(merged, operator_a, activity_a):
    new, old_report = merged
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    assert (hukum.ended_on, hukum.succeeded_by, hukum.name) == (MERGED_ON, new, "Bagian Hukum")
    old_report.refresh_from_db()
    assert old_report.opd == hukum and "Bagian Hukum" in str(old_report)
    assert Membership.objects.get(user=operator_a).opd == new  # the account moved with its unit
    # the regulation still names Bagian Hukum on its row: nothing is rewritten
    assert ActivityOPD.objects.filter(activity=activity_a, opd=hukum).exists()
    assert not ActivityOPD.objects.filter(opd=new).exists()


def test_the_unit_that_carries_on_reports_the_merged_units_rows(merged, operator_a, verifier, activity_a):
    new, _old = merged
    assert activity_a in Activity.objects.for_opd(new)
    hukum_indicators = set(Indicator.objects.for_opd(OPD.objects.get(short_name="Bagian Hukum")))
    assert hukum_indicators <= set(Indicator.objects.for_opd(new))
    operator = get_user_model().objects.get(pk=operator_a.pk)  # a new request: the fixture's user cached its OPD
    report = factories.report(operator, factories.period(2023, 2), activity_a, progress=100, submit=True)
    workflow.verify(verifier, report)
    assert report.opd == new
    # Semester II: the row's part is the new unit with its report; Semester I keeps Bagian Hukum's own
    later = next(r for r in period_results(factories.period(2023, 2)).activity_rows if r.row.pk == activity_a.pk)
    earlier = next(r for r in period_results(factories.period(2023, 1)).activity_rows if r.row.pk == activity_a.pk)
    assert [(p.opd.short_name, p.report.pk) for p in later.parts] == [(new.short_name, report.pk)]
    assert [p.opd.short_name for p in earlier.parts] == ["Bagian Hukum"]
    assert earlier.parts[0].report.opd.short_name == "Bagian Hukum"
    # the annual recap of the new unit follows the lineage: the year's latest verified result
    recap = {row.row.pk: row for row in annual_recap(factories.perbup_roadmap(), 2023, opd=new)}
    assert recap[activity_a.pk].parts[0].report.pk == report.pk
    assert recap[activity_a.pk].parts[0].report.progress == Decimal(100)


def test_the_new_units_page_shows_the_old_reports_under_the_old_name(client, merged, verifier):
    new, old_report = merged
    client.force_login(verifier)
    page = client.get(reverse("dashboards:opd", args=[new.pk]), {"periode": factories.period(2023, 1).pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Meneruskan" in html and "Bagian Layanan Pengadaan" in html
    assert old_report.get_absolute_url() in html and "oleh Bagian Hukum" in html


def test_a_change_needs_an_administrator_a_decree_and_a_living_unit(merged, administrator, operator_b):
    new, _old = merged
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    other = OPD.objects.create(short_name="Unit Uji", name="Unit Uji")
    attempts = [
        (operator_b, OPDChange.Kind.RENAME, [other], [new], MERGED_ON, DECREE, "Administrator"),
        (administrator, OPDChange.Kind.RENAME, [hukum], [other], MERGED_ON, DECREE, "sudah berakhir"),
        (administrator, OPDChange.Kind.RENAME, [other], [new], MERGED_ON, "  ", "dasar hukum"),
        (administrator, OPDChange.Kind.RENAME, [other], [new], None, DECREE, "tanggal"),
        (administrator, OPDChange.Kind.RENAME, [other], [other], MERGED_ON, DECREE, "sekaligus"),
        (administrator, OPDChange.Kind.SPLIT, [other], [new], MERGED_ON, DECREE, "dua OPD"),
        (administrator, "bubar", [other], [new], MERGED_ON, DECREE, "tidak dikenal"),
    ]
    before = OPDChange.objects.count()
    for user, kind, olds, news, day, decree, message in attempts:
        with pytest.raises(workflow.WorkflowError, match=message):
            record_change(user, kind, olds, news, day, decree)
    other.refresh_from_db()
    assert OPDChange.objects.count() == before and other.ended_on is None and other.succeeded_by is None


def test_a_split_moves_the_accounts_to_the_chosen_unit_and_leaves_the_rows_to_the_pemda(
    roadmap, administrator, operator_b
):
    bkppd = OPD.objects.get(short_name="BKPPD")
    first = OPD.objects.create(short_name="BKPSDM", name="Badan Kepegawaian dan Pengembangan SDM")
    second = OPD.objects.create(short_name="Bagian Diklat (UJI)", name="Bagian Pendidikan dan Pelatihan (UJI)")
    with pytest.raises(workflow.WorkflowError, match="akun"):
        record_change(administrator, OPDChange.Kind.SPLIT, [bkppd], [first, second], MERGED_ON, DECREE)
    record_change(administrator, OPDChange.Kind.SPLIT, [bkppd], [first, second], MERGED_ON, DECREE, accounts_to=first)
    bkppd.refresh_from_db()
    assert bkppd.ended_on == MERGED_ON and bkppd.succeeded_by is None
    assert Membership.objects.get(user=operator_b).opd == first
    assert not Activity.objects.for_opd(first).exists()  # whose rows is the Pemda's decision after a split


def test_the_administrator_records_a_rename_in_the_admin_and_it_is_then_read_only(client, roadmap, administrator):
    client.force_login(administrator)
    old = OPD.objects.get(short_name="Dinas Kominfo")
    new = OPD.objects.create(short_name="Diskominfo Statistik", name="Dinas Komunikasi, Informatika dan Statistik")
    url = reverse("admin:roadmap_opdchange_add")
    form = {"kind": "rename", "effective_on": "2024-01-02", "decree": DECREE, "predecessors": [old.pk]}
    refused = client.post(url, {**form, "successors": [old.pk]})
    assert refused.status_code == 200 and "sekaligus" in refused.content.decode()
    assert not OPDChange.objects.exists()
    done = client.post(url, {**form, "successors": [new.pk]})
    assert done.status_code == 302
    change = OPDChange.objects.get()
    old.refresh_from_db()
    assert (old.succeeded_by, old.name) == (new, "Dinas Komunikasi dan Informatika")
    assert change.recorded_by == administrator and old.ended_on == date(2024, 1, 2)
    page = client.get(reverse("admin:roadmap_opdchange_change", args=[change.pk])).content.decode()
    assert 'name="decree"' not in page  # recorded once, then history
    assert client.post(reverse("admin:roadmap_opdchange_delete", args=[change.pk])).status_code == 403


def test_a_unit_that_has_reported_cannot_be_renamed_in_place(client, merged, administrator):
    client.force_login(administrator)
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    page = client.get(reverse("admin:roadmap_opd_change", args=[hukum.pk])).content.decode()
    assert 'name="name"' not in page and 'name="short_name"' not in page
    fresh = OPD.objects.create(short_name="Unit Baru (UJI)", name="Unit Baru")
    assert 'name="name"' in client.get(reverse("admin:roadmap_opd_change", args=[fresh.pk])).content.decode()


def test_the_workbook_shows_whom_an_ended_opd_continues_as_and_still_imports(merged, roadmap):
    new, _old = merged
    content = export_workbook(roadmap)
    sheet = load_workbook(io.BytesIO(content))["OPD"]
    rows = {row["nama_singkat"]: row for row in _rows(sheet)}
    assert (rows["Bagian Hukum"]["berakhir_pada"], rows["Bagian Hukum"]["diteruskan_oleh"]) == (
        "2023-07-01",
        new.short_name,
    )
    assert rows["Inspektorat"]["diteruskan_oleh"] is None
    parsed = parse_workbook(io.BytesIO(content), overrides={"nomor": 97})
    assert parsed.problems == []
    notes = [note for note in parsed.notes if note.row == _line(sheet, "Bagian Hukum")]
    assert len(notes) == 1 and new.short_name in notes[0].message and "2023-07-01" in notes[0].message
    assert {note.sheet for note in parsed.notes} == {"OPD"} and len(parsed.notes) == 2  # and Layanan Pengadaan


def _line(sheet, short_name: str) -> int:
    return next(n for n, row in enumerate(_rows(sheet), start=2) if row["nama_singkat"] == short_name)


def _rows(sheet) -> list[dict]:
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, values, strict=False)) for values in sheet.iter_rows(min_row=2, values_only=True)]


def test_a_late_report_by_the_new_unit_for_a_period_before_the_change_fills_the_old_units_part(
    merged, operator_a, activity_a
):
    new, _old = merged
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    other = Activity.objects.filter(opd_links__opd=hukum).exclude(pk=activity_a.pk).order_by("pk").first()
    operator = get_user_model().objects.get(pk=operator_a.pk)
    late = factories.report(operator, factories.period(2023, 1), other, progress=30)
    row = next(r for r in period_results(factories.period(2023, 1)).activity_rows if r.row.pk == other.pk)
    assert [(p.opd, p.report.pk, p.report.opd) for p in row.parts] == [(hukum, late.pk, new)]


def test_the_moved_accounts_keep_working_on_their_old_units_reports(
    client, roadmap, administrator, operator_a, verifier, operator_b, activity_a
):
    ensure_periods(roadmap)
    returned = factories.report(operator_a, factories.period(2023, 1), activity_a, progress=40, submit=True)
    workflow.return_report(verifier, returned, "Lengkapi bukti dukung.")
    new = OPD.objects.create(short_name="Bagian Hukum (baru)", name="Bagian Hukum dan HAM (UJI)")
    record_change(administrator, OPDChange.Kind.RENAME, [returned.opd], [new], MERGED_ON, DECREE)
    operator = get_user_model().objects.get(pk=operator_a.pk)
    client.force_login(operator)
    assert client.get(returned.get_absolute_url()).status_code == 200
    workflow.submit(operator, returned)  # the returned report of its old unit, still under the old name
    returned.refresh_from_db()
    assert returned.status == "submitted" and returned.opd.short_name == "Bagian Hukum"
    client.force_login(operator_b)  # another OPD still sees nothing of it
    assert client.get(returned.get_absolute_url()).status_code == 404


def test_the_import_preview_shows_the_notes(client, merged, roadmap, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    upload = SimpleUploadedFile("lama.xlsx", export_workbook(roadmap))
    page = client.post(reverse("admin:roadmap_workbook_import"), {"file": upload, "nomor": 96}).content.decode()
    assert "Catatan (tidak menghalangi)" in page and "Bagian Hukum dan Pengadaan" in page and "Terapkan" in page


def test_a_second_change_carries_the_whole_lineage_and_the_lookup_costs_no_query(
    merged, administrator, django_assert_num_queries
):
    new, old_report = merged
    later = OPD.objects.create(short_name="Bagian Hukum 2026 (UJI)", name="Bagian Hukum 2026 (UJI)")
    stale = OPD.objects.get(pk=new.pk)
    record_change(administrator, OPDChange.Kind.RENAME, [stale], [later], date(2026, 1, 1), DECREE)
    later.refresh_from_db()
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    pengadaan = OPD.objects.get(short_name="Bagian Layanan Pengadaan")
    assert set(later.lineage_ids) == {later.pk, new.pk, hukum.pk, pengadaan.pk}
    with django_assert_num_queries(1):  # the rows, nothing to find the lineage
        rows = list(Activity.objects.for_opd(later).values_list("pk", flat=True))
    assert rows and set(rows) == set(Activity.objects.for_opd(hukum).values_list("pk", flat=True)) | set(
        Activity.objects.filter(opd_links__opd=pengadaan).values_list("pk", flat=True)
    )
    assert hukum.unit_on(date(2026, 6, 30), OPD.objects.in_bulk()) == later
    assert hukum.unit_on(date(2023, 6, 30), OPD.objects.in_bulk()) == hukum


def test_a_unit_that_has_reported_is_not_renamed_by_a_workbook_or_an_import(client, merged, roadmap, administrator):
    def rename(book) -> None:
        sheet = book["OPD"]
        sheet.cell(_line(sheet, "Bagian Hukum"), [c.value for c in sheet[1]].index("nama") + 1, "Bagian Hukum Baru")

    book = load_workbook(io.BytesIO(export_workbook(roadmap)))
    rename(book)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    problems = parse_workbook(buffer, overrides={"nomor": 95}).problems
    assert [(p.sheet, p.column) for p in problems] == [("OPD", "nama")] and "Perubahan OPD" in problems[0].message
    client.force_login(administrator)
    content = "nama_singkat,nama,variasi_ejaan,perlu_persetujuan_kepala\nBagian Hukum,Bagian Hukum Baru,,tidak\n"
    response = preview(client, reverse("admin:roadmap_opd_import"), content)
    assert {row.number: set(row.field_specific_errors) for row in response.context["result"].invalid_rows} == {
        1: {"nama"}
    }
    assert OPD.objects.get(short_name="Bagian Hukum").name == "Bagian Hukum"
    fresh = "nama_singkat,nama,variasi_ejaan,perlu_persetujuan_kepala\nBappeda,Badan Perencanaan (UJI),,tidak\n"
    assert not preview(client, reverse("admin:roadmap_opd_import"), fresh).context["result"].invalid_rows


def test_the_moved_account_completes_the_old_units_returned_report_instead_of_a_second_one(
    client, roadmap, administrator, operator_a, verifier, activity_a
):
    ensure_periods(roadmap)
    period = factories.period(2023, 1)
    returned = factories.report(operator_a, period, activity_a, progress=40, submit=True)
    workflow.return_report(verifier, returned, "Lengkapi uraian.")
    new = OPD.objects.create(short_name="Bagian Hukum (baru)", name="Bagian Hukum dan HAM (UJI)")
    record_change(administrator, OPDChange.Kind.RENAME, [returned.opd], [new], MERGED_ON, DECREE)
    operator = get_user_model().objects.get(pk=operator_a.pk)
    client.force_login(operator)
    tasks = client.get(reverse("monev:my_tasks"), {"periode": period.pk}).content.decode()
    assert activity_a.kegiatan in tasks
    again = factories.report(operator, period, activity_a, progress=60)
    assert again.pk == returned.pk and again.opd.short_name == "Bagian Hukum" and again.progress == 60
    assert Realisation.objects.filter(period=period, activity=activity_a).count() == 1
