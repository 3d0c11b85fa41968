"""The pages as users meet them: Tugas saya, the report page, the verification queue."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monev import workflow
from monev.choices import Status
from monev.models import Realisation
from roadmap.models import OPD
from tests import factories


def test_tugas_saya_lists_every_row_of_the_opd_with_target_last_value_and_status(
    client, operator_inspektorat, open_period
):
    earlier = factories.period(2023, 1)
    apip = factories.indicator("Persentase APIP yang bersertifikat")
    factories.report(operator_inspektorat, earlier, indicator_=apip, value=58, submit=True)
    client.force_login(operator_inspektorat)
    response = client.get(reverse("monev:my_tasks"), {"periode": open_period.pk})
    page = response.content.decode()
    assert response.status_code == 200
    rows = response.context["table"]()["rows"]
    assert len(rows) == 48 + 3  # + opini BPK, LHKPN, KKN complaints (the Pemda's assignments)
    assert "Persentase APIP yang bersertifikat" in page and "61%" in page  # target 2023
    assert "58 %" in page and "2023/SI" in page  # last value reported, from Semester I
    assert "44 baris" not in page and "51 baris: 51 belum diisi" in page


def test_tugas_saya_takes_the_last_value_from_the_latest_earlier_semester_only(operator_inspektorat):
    from monev.tasks import task_rows

    apip = factories.indicator("Persentase APIP yang bersertifikat")
    for (year, semester), value in {(2022, 1): 50, (2022, 2): 55, (2023, 1): 58}.items():
        factories.report(operator_inspektorat, factories.period(year, semester), indicator_=apip, value=value)
    opd = operator_inspektorat.membership.opd

    def apip_row(year, semester):
        return next(row for row in task_rows(opd, factories.period(year, semester)) if row.row == apip)

    current = apip_row(2022, 2)
    assert current.realisation.value == 55 and current.last.value == 50  # not 2023/SI, which comes later
    assert apip_row(2023, 2).realisation is None and apip_row(2023, 2).last.value == 58
    assert apip_row(2022, 1).last is None


def test_report_page_saves_a_draft_with_decimal_comma(client, operator_inspektorat, open_period):
    apip = factories.indicator("Persentase APIP yang bersertifikat")
    client.force_login(operator_inspektorat)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", apip.pk])
    response = client.post(url, {"value": "60,5", "narrative": "Sertifikasi 3 auditor.", "version": "0"}, follow=True)
    assert "Draf disimpan." in response.content.decode()
    assert str(Realisation.objects.get().value) == "60.5000"


def test_text_in_a_number_field_changes_nothing_and_says_why(client, operator_inspektorat, open_period):
    apip = factories.indicator("Persentase APIP yang bersertifikat")
    client.force_login(operator_inspektorat)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", apip.pk])
    response = client.post(url, {"value": "enam puluh", "narrative": "x", "version": "0"})
    page = response.content.decode()
    assert "Periksa isian yang ditandai" in page and "bukan angka" in page
    assert not Realisation.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"), [("1.234", "1234.0000"), ("1.234,5", "1234.5000"), ("-0,25", "-0.2500"), ("7", "7.0000")]
)
def test_numbers_are_read_the_indonesian_way(client, operator_inspektorat, open_period, typed, stored):
    apip = factories.indicator("Persentase APIP yang bersertifikat")
    client.force_login(operator_inspektorat)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", apip.pk])
    client.post(url, {"value": typed, "narrative": "x", "version": "0"})
    assert str(Realisation.objects.get().value) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "bukan angka"),
        ("Infinity", "bukan angka"),
        ("82.5", "pakai koma untuk desimal"),
        ("12345678901", "terlalu besar"),
        ("1,23456", "4 angka di belakang koma"),
    ],
)
def test_numbers_the_database_cannot_hold_are_refused_with_a_reason(
    client, operator_inspektorat, open_period, typed, message
):
    apip = factories.indicator("Persentase APIP yang bersertifikat")
    client.force_login(operator_inspektorat)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", apip.pk])
    response = client.post(url, {"value": typed, "narrative": "x", "version": "0"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Realisation.objects.exists()


def test_a_level_not_on_the_scale_is_refused(client, operator_inspektorat, open_period):
    apip = factories.indicator("Tingkat Kapabilitas APIP")
    other_scale = factories.indicator("Opini BPK terhadap Laporan Keuangan Pemerintah Kabupaten Pasuruan")
    forged = other_scale.scale.levels.get(code="WTP")
    client.force_login(operator_inspektorat)
    url = reverse("monev:report_row", args=[open_period.pk, "indikator", apip.pk])
    response = client.post(url, {"level": forged.pk, "narrative": "x", "version": "0"})
    assert "Periksa isian" in response.content.decode()
    assert not Realisation.objects.exists()


def test_submit_from_the_form_refused_for_incomplete_report_saves_nothing(client, operator_a, open_period, activity_a):
    client.force_login(operator_a)
    url = reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk])
    response = client.post(url, {"narrative": "", "version": "0", "submit": "1"})
    assert "Sebelum diajukan, lengkapi" in response.content.decode()
    assert not Realisation.objects.exists()


def test_stale_form_is_refused_with_a_message(client, operator_a, head_a, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a)
    workflow.save_report(
        user=head_a,
        period=open_period,
        opd=realisation.opd,
        activity=activity_a,
        values={"narrative": "oleh kepala"},
        version=realisation.version,
    )
    client.force_login(operator_a)
    url = reverse("monev:report_row", args=[open_period.pk, "kegiatan", activity_a.pk])
    response = client.post(url, {"progress": "1", "narrative": "oleh operator", "version": str(realisation.version)})
    assert "sudah diubah orang lain" in response.content.decode()
    assert Realisation.objects.get().narrative == "oleh kepala"


def test_returned_report_shows_the_note_to_the_opd(client, operator_a, verifier, open_period, activity_a):
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    client.post(reverse("monev:return", args=[realisation.pk]), {"note": "Lampirkan notulen."})
    client.force_login(operator_a)
    page = client.get(realisation.get_absolute_url()).content.decode()
    assert "Dikembalikan dengan catatan:" in page and "Lampirkan notulen." in page


def test_verification_queue_shows_submitted_reports_by_default(client, operator_a, verifier, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    second_row = factories.Activity.objects.filter(opd_links__opd__short_name="Bagian Hukum").exclude(pk=activity_a.pk)
    factories.report(operator_a, open_period, second_row.first())
    client.force_login(verifier)
    response = client.get(reverse("monev:verification_queue"))
    assert response.status_code == 200
    assert [r.status for r in response.context["table"].data] == [Status.SUBMITTED]
    everything = client.get(reverse("monev:verification_queue"), {"status": ""})
    assert len(everything.context["table"].data) == 2


def test_verification_queue_exports_the_filtered_rows(client, operator_a, verifier, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    response = client.get(reverse("monev:verification_queue"), {"status": "submitted", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert sheet.cell(row=2, column=2).value == "Bagian Hukum"
    assert sheet.cell(row=2, column=5).value == "menunggu verifikasi Bagian Organisasi"
    csv = client.get(reverse("monev:verification_queue"), {"status": "verified", "_export": "csv"})
    assert csv.content.decode().count("\n") == 1  # header only


def test_report_links_match_the_url_conf_also_under_a_script_prefix():
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    try:
        for prefix in ("/", "/pantau-rb/"):
            set_script_prefix(prefix)
            for pk in (1, 42, 2147483646):
                assert Realisation.url_for(pk) == reverse("monev:realisation_detail", args=[pk])
        assert Realisation.url_for(7).startswith("/pantau-rb/")
    finally:
        set_script_prefix(before)


def test_the_submit_message_and_tugas_saya_name_the_next_step(client, operator_a, open_period, activity_a):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    report = factories.report(operator_a, open_period, activity_a)
    client.force_login(operator_a)
    response = client.post(reverse("monev:submit", args=[report.pk]), {"version": report.version}, follow=True)
    page = response.content.decode()
    assert "Laporan diteruskan ke Kepala OPD dan menunggu persetujuannya." in page
    assert "menunggu persetujuan Kepala OPD" in page
    tasks = client.get(reverse("monev:my_tasks"), {"periode": open_period.pk}).content.decode()
    assert "1 menunggu persetujuan Kepala OPD, 0 menunggu verifikasi" in tasks


def filled_buttons(html: str) -> list[str]:
    """The classes of the solid (not outline) coloured buttons: each is a primary action."""
    import re

    solid = re.compile(r"\bbtn-(primary|success|warning|danger)\b")
    return [cls for cls in re.findall(r'<button class="([^"]*)"', html) if solid.search(cls)]


def test_the_report_form_has_one_primary_action(client, operator_a, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a)
    client.force_login(operator_a)
    html = client.get(report.get_absolute_url()).content.decode()
    assert 'name="save"' in html and "Ajukan versi tersimpan" in html  # three submit buttons ...
    assert len(filled_buttons(html)) == 1  # ... one of them primary


def test_the_queue_shows_values_with_units_and_no_needless_zeros(client, operator_inspektorat, verifier, open_period):
    indicator = factories.indicator("Persentase APIP yang bersertifikat")
    factories.report(operator_inspektorat, open_period, indicator_=indicator, value=Decimal("24.50"), submit=True)
    client.force_login(verifier)
    queue = client.get(reverse("monev:verification_queue")).content.decode()
    assert "24,5 %" in queue and "24,50" not in queue
