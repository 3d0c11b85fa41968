"""The home page says each role what to do next; the Perbup table has its own page."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monev import workflow
from monev.models import Period
from roadmap.models import OPD
from tests import factories
from tests.dashboards.test_dashboard import clear_caches


@pytest.fixture
def deadline_in_5_days(open_period):
    Period.objects.filter(pk=open_period.pk).update(deadline=date.today() + timedelta(days=5))
    Period.objects.exclude(pk=open_period.pk).update(locked_at="2020-01-01T00:00Z")
    open_period.refresh_from_db()
    return open_period


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_operator_sees_the_deadline_what_is_not_filled_and_what_was_returned(
    client, operator_a, verifier, deadline_in_5_days, activity_a
):
    report = factories.report(operator_a, deadline_in_5_days, activity_a, submit=True)
    workflow.return_report(verifier, report, "Lampirkan daftar hadir.")
    html = page(client, operator_a)
    assert "H-5" in html and "Lampirkan daftar hadir." in html and "Dikembalikan untuk diperbaiki" in html
    assert "baris belum diisi" in html and "Tidak ada laporan yang menunggu persetujuan." in html


def test_after_the_deadline_the_operator_sees_h_plus(client, operator_a, open_period):
    Period.objects.filter(pk=open_period.pk).update(deadline=date.today() - timedelta(days=3))
    Period.objects.exclude(pk=open_period.pk).update(locked_at="2020-01-01T00:00Z")
    assert "H+3" in page(client, operator_a)


def test_the_head_sees_what_waits_for_approval_with_approve_and_return_buttons(
    client, operator_a, head_a, deadline_in_5_days, activity_a
):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    report = factories.report(operator_a, deadline_in_5_days, activity_a, submit=True)
    html = page(client, head_a)
    assert "Menunggu persetujuan Anda" in html
    assert "diteruskan ke Kepala OPD" in html and "menunggu persetujuan Kepala OPD" in html  # not "diajukan"
    assert reverse("monev:approve", args=[report.pk]) in html
    assert reverse("monev:return_to_operator", args=[report.pk]) in html
    client.post(reverse("monev:return_to_operator", args=[report.pk]), {"note": "Cek angka", "version": report.version})
    report.refresh_from_db()
    assert report.status == "returned" and report.return_note == "Cek angka"


def test_the_verifier_sees_the_queue_size_its_age_and_the_late_opds_with_days_late(
    client, operator_a, verifier, open_period, activity_a
):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    type(report).objects.filter(pk=report.pk).update(submitted_at="2024-01-01T03:00Z")
    Period.objects.filter(pk=open_period.pk).update(deadline=date.today() - timedelta(days=4))
    Period.objects.exclude(pk=open_period.pk).update(locked_at="2020-01-01T00:00Z")
    client.force_login(verifier)
    response = client.get(reverse("home"))
    assert response.context["queue_size"] == 1
    assert response.context["oldest_days"] == (date.today() - date(2024, 1, 1)).days
    late = {entry.opd.short_name: days for entry, days in response.context["late"]}
    assert late["Bagian Hukum"] == 4 and "terlambat 4 hari" in response.content.decode()


def test_the_evaluator_sees_assessment_progress_and_overdue_follow_ups(client, evaluator):
    from pmprb import workflow as pmprb_workflow
    from pmprb.models import LkeArea

    assessment = pmprb_workflow.create_assessment(evaluator, 2019)
    area = LkeArea.objects.get(component__version=assessment.version, number=1)
    finding = pmprb_workflow.add_finding(evaluator, 2019, area, "Temuan")
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    pmprb_workflow.add_recommendation(evaluator, finding, "SOP gratifikasi", hukum, date.today() - timedelta(days=1))
    html = page(client, evaluator)
    assert "0 dari 146 pertanyaan" in html and "SOP gratifikasi" in html


def test_the_administrator_sees_periods_and_accounts(client, administrator, operator_a):
    html = page(client, administrator)
    assert "Periode pelaporan" in html and "Akun aktif per peran" in html
    assert reverse("admin:auth_user_changelist") in html
    assert "Kop Laporan Hasil Evaluasi belum lengkap: lambang, alamat" in html  # until the kop is complete
    assert reverse("admin:pmprb_reportsettings_changelist") in html


def test_the_perbup_table_has_its_own_page(client, operator_a):
    client.force_login(operator_a)
    html = client.get(reverse("roadmap:perbup")).content.decode()
    assert "Area perubahan" in html and "Baris rencana aksi" in html


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "verifier", "evaluator", "administrator"])
def test_home_query_count_does_not_grow_with_the_data(
    client, request, persona, operator_a, verifier, open_period, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    activities = factories.Activity.objects.filter(opd_links__opd__short_name="Bagian Hukum").order_by("pk")
    workflow.return_report(verifier, factories.report(operator_a, open_period, activities[0], submit=True), "x")
    clear_caches()
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for activity in activities[1:6]:
        report = factories.report(operator_a, open_period, activity, submit=True)
        workflow.return_report(verifier, report, "Perbaiki")
    clear_caches()  # the first view after the change: cached read models would hide a growing count
    with django_assert_num_queries(len(small)):
        client.get(reverse("home"))
    assert len(small) <= 30


def test_the_dashboard_opens_on_the_latest_period_with_reports_and_says_so(client, operator_a, verifier, activity_a):
    earlier = factories.period(2022, 2)
    factories.report(operator_a, earlier, activity_a, submit=True)
    client.force_login(verifier)
    response = client.get(reverse("dashboards:overview"))
    assert response.context["period"] == earlier
    assert "periode terakhir yang berisi laporan" in response.content.decode()


def test_the_dashboard_counts_days_late_per_opd(client, operator_a, verifier, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    Period.objects.filter(pk=open_period.pk).update(deadline=date.today() - timedelta(days=6))
    client.force_login(verifier)
    page = client.get(reverse("dashboards:overview"), {"periode": open_period.pk}).content.decode()
    assert "terlambat 6 hari" in page


def test_trend_charts_have_labelled_percent_axes_and_the_indeks_rb_chart_shows_the_perbup_targets(
    client, verifier, open_period
):
    client.force_login(verifier)
    response = client.get(reverse("dashboards:overview"), {"periode": open_period.pk})
    trend, year, indeks = (str(response.context[name]) for name in ("trend_chart", "year_chart", "indeks_chart"))
    assert "% dari laporan yang diharapkan" in trend and ">100%<" in trend and ">Semester<" in trend
    assert ">2019<" in year and ">2023<" in year
    assert "target Perbup" in indeks and "Tahun penilaian" in indeks
    assert ">100<" in indeks and "%<" not in indeks  # Indeks RB on its index axis, not a % axis
    for chart in (trend, year, indeks):  # a 640-wide chart and a phone's, each with the roadmap's last year
        wide, narrow = chart.split('<div class="chart-narrow">')
        assert "min-width:640px" in wide and "min-width:330px" in narrow and ">2023" in narrow and ">2023" in wide
    assert ">2019/SII<" not in trend.split('<div class="chart-narrow">')[1]  # every other label on a phone
    assert "nilai penilaian mandiri (PMPRB)" in indeks and "Indeks RB terverifikasi" in indeks  # two kinds, labelled


def test_chart_text_is_at_least_12_px():
    import re

    from core import charts

    svg = str(charts.line_chart([charts.Series("a", [1, 2])], ["x", "y"], "t", y_label="y", x_label="x"))
    svg += str(charts.bar_chart([charts.Bar("a", 50, "50%")], "t"))
    sizes = {int(size) for size in re.findall(r"font-size='(\d+)'", svg)}
    assert sizes and min(sizes) >= 12
    assert "min-width:640px" in svg  # never drawn narrower, so the sizes hold on a phone


def test_the_head_also_sees_reports_waiting_from_an_earlier_open_period(client, operator_a, head_a, activity_a):
    OPD.objects.filter(short_name="Bagian Hukum").update(requires_head_approval=True)
    earlier = factories.period(2022, 2)
    report = factories.report(operator_a, earlier, activity_a, submit=True)
    html = page(client, head_a)
    assert reverse("monev:approve", args=[report.pk]) in html and "2022/SII" in html
    Period.objects.filter(pk=earlier.pk).update(locked_at="2024-01-01T00:00Z")
    assert reverse("monev:approve", args=[report.pk]) not in page(client, head_a)


def test_a_long_bar_label_wraps_instead_of_being_cut():
    from core import charts

    label = "8. PENINGKATAN KUALITAS PELAYANAN PUBLIK DAN PENGUATAN AKUNTABILITAS"
    svg = str(charts.bar_chart([charts.Bar(label, 50, "3,00 / 6"), charts.Bar("1. MP", 10, "1")], "t"))
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert " ".join(lines[:-1]) == label and "…" not in svg  # every word kept, on several lines
    assert len(lines) == 3 and all(len(line) <= 36 for line in lines)
