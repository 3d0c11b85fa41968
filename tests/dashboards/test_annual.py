"""Rekap tahunan: the year's verified results against the Perbup target, on the page, in the exports,
and as dashboards.annual.annual_recap for the evaluation report; capaian and predikat on every page."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from dashboards.annual import annual_recap
from indicators.achievement import Achievement
from indicators.models import Indicator
from monev import workflow
from roadmap.models import OPD, ChangeArea
from tests import factories


def row(section: str, order: int = 1) -> Indicator:
    priority, code = section.split(".")
    return Indicator.objects.get(focus_item__priority__number=int(priority), focus_item__code=code, order=order)


def verified(user, verifier, period, indicator=None, activity=None, **values):
    report = factories.report(user, period, activity, indicator_=indicator, submit=True, **values)
    workflow.verify(verifier, report)
    return report


@pytest.fixture
def organisasi():
    return factories.make_user("operator_organisasi", Role.OPERATOR, "Bagian Organisasi")


@pytest.fixture
def bkd():
    return factories.make_user("operator_bkd", Role.OPERATOR, "BKD")


def recap_of(rows, indicator):
    return next(r for r in rows if r.kind == "indikator" and r.row.pk == indicator.pk)


def test_an_annual_result_counts_for_its_data_year_not_the_year_it_was_reported(
    roadmap, bkd, operator_inspektorat, verifier
):
    opinion = row("2.a")
    wdp = opinion.scale.levels.get(code="WDP")
    wtp = opinion.scale.levels.get(code="WTP")
    # opini BPK on 2022, published in 2023 and reported in Semester I 2023 by both its reporters
    verified(bkd, verifier, factories.period(2023, 1), opinion, level=wtp, data_year=2022)
    verified(operator_inspektorat, verifier, factories.period(2023, 1), opinion, level=wdp, data_year=2022)
    recap_2022 = recap_of(annual_recap(roadmap, 2022), opinion)
    assert recap_2022.status == Achievement.NOT_MET  # the weaker part (WDP) decides
    assert (recap_2022.level.code, recap_2022.data_year, recap_2022.target.raw_text) == ("WDP", 2022, "WTP")
    assert recap_2022.capaian is None and recap_2022.predikat is None  # ordinal: met or not by rank
    assert [p.assigned for p in recap_2022.parts] == [True, True]
    assert recap_of(annual_recap(roadmap, 2023), opinion).status == Achievement.NO_DATA


def test_one_co_holders_report_is_the_regencys_opinion(roadmap, operator_inspektorat, verifier):
    opinion = row("2.a")
    wtp = opinion.scale.levels.get(code="WTP")
    verified(operator_inspektorat, verifier, factories.period(2023, 1), opinion, level=wtp, data_year=2022)
    recap = recap_of(annual_recap(roadmap, 2022), opinion)  # BKD, the other co-holder, has not reported
    assert recap.status == Achievement.MET and recap.decisive.opd.short_name == "Inspektorat"
    assert recap.data_year == 2022


def test_a_semesteran_result_of_the_year_is_its_latest_verified_report(roadmap, operator_inspektorat, verifier):
    auditors = factories.indicator("Persentase pemenuhan Auditor")  # 2023: 54%
    verified(operator_inspektorat, verifier, factories.period(2023, 1), auditors, value=40)
    verified(operator_inspektorat, verifier, factories.period(2023, 2), auditors, value=52)
    recap = recap_of(annual_recap(roadmap, 2023), auditors)
    assert recap.value == Decimal(52) and recap.target.value == Decimal(54)
    assert recap.capaian.quantize(Decimal("0.1")) == Decimal("96.3") and recap.predikat_label == "Sangat Tinggi"
    assert recap.status == Achievement.NEARLY  # 2 points short, the 2023 step is 4
    assert recap.parts[0].period_label == "2023/SII"


def test_the_recap_narrows_to_an_area_or_an_opd(roadmap, operator_a, verifier):
    activity = factories.activity_of("Bagian Hukum")
    verified(operator_a, verifier, factories.period(2021, 2), activity=activity, progress=100)
    area_rows = annual_recap(roadmap, 2021, area=activity.area)
    assert area_rows and {r.kind for r in area_rows} == {"kegiatan"}
    assert {r.row.area.pk for r in area_rows} == {activity.area.pk}
    done = next(r for r in area_rows if r.row.pk == activity.pk)
    assert done.status == Achievement.MET and done.capaian == Decimal(100)
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    opd_rows = annual_recap(roadmap, 2021, opd=hukum)
    assert all(part.opd == hukum for r in opd_rows for part in r.parts)
    assert {r.row.name for r in opd_rows if r.kind == "indikator"} == {
        "Tersedianya kebijakan daerah tentang pemanfaatan teknologi, informasi dan telekomunikasi"
    }  # quick win 3 of the Lampiran names Bagian Hukum


def test_the_page_shows_and_exports_capaian_and_predikat(client, verifier, operator_inspektorat):
    verified(
        operator_inspektorat,
        verifier,
        factories.period(2023, 2),
        factories.indicator("Persentase pemenuhan Auditor"),
        value=52,
    )  # noqa: E501
    client.force_login(verifier)
    page = client.get(reverse("dashboards:annual"), {"tahun": 2023})
    text = page.content.decode()
    assert page.status_code == 200 and "Rekap tahunan 2023" in text
    assert "96,30 %" in text and "Sangat Tinggi" in text and "Capaian (%)" in text
    assert "Menurut rentang resmi, 70 termasuk B" in text  # 2023's Indeks RB target "70 (BB)"
    assert "Menurut rentang resmi, 68 termasuk B" not in text  # 2022's
    exported = client.get(reverse("dashboards:annual"), {"tahun": 2023, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == [
        "Ref.",
        "Indikator / kegiatan",
        "OPD (* ditetapkan Pemda)",
        "Target Perbup",
        "Realisasi terverifikasi",
        "Tahun data",
        "Capaian (%)",
        "Predikat",
        "Status",
        "Catatan",
    ]
    auditors = next(r for r in rows if r[1] == "Persentase pemenuhan Auditor")
    assert auditors[3:] == [
        "54%",
        "52 % (2023/SII)",
        "2023",
        "96,30 %",
        "Sangat Tinggi",
        "hampir tercapai",
        "Belum mencapai target 54, tetapi capaian ≥ 91% dan realisasi 52 mencapai target tahun sebelumnya.",
    ]


@pytest.mark.parametrize("params", [{"tahun": "abc"}, {"tahun": 2030}, {"area": 99}, {"opd": "x"}])
def test_bad_filters_are_a_404_not_a_500(client, verifier, params):
    client.force_login(verifier)
    assert client.get(reverse("dashboards:annual"), params).status_code == 404


def test_the_recap_query_count_does_not_grow_with_the_data(
    client, verifier, operator_inspektorat, django_assert_num_queries
):  # noqa: E501
    client.force_login(verifier)
    url = reverse("dashboards:annual")
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"tahun": 2023})
    for activity in factories.Activity.objects.filter(opd_links__opd__short_name="Inspektorat")[:20]:
        verified(operator_inspektorat, verifier, factories.period(2023, 2), activity=activity, progress=100)
    with django_assert_num_queries(len(small)):
        client.get(url, {"tahun": 2023})
    assert len(small) <= 25


def test_every_dashboard_page_shows_capaian_and_predikat(client, settings, verifier, operator_inspektorat):
    settings.PUBLIC_DASHBOARD = True
    period = factories.period(2023, 2)
    auditors = factories.indicator("Persentase pemenuhan Auditor")
    verified(operator_inspektorat, verifier, period, auditors, value=52)
    activity = factories.activity_of("Inspektorat")
    verified(operator_inspektorat, verifier, period, activity=activity, progress=96)
    client.force_login(verifier)
    inspektorat = OPD.objects.get(short_name="Inspektorat")
    pages = {
        "indicator_list": reverse("dashboards:indicator_list"),
        "activity_list": reverse("dashboards:activity_list"),
        "area": reverse("dashboards:area", args=[activity.area.number]),
        "opd": reverse("dashboards:opd", args=[inspektorat.pk]),
        "indicator": reverse("dashboards:indicator", args=[auditors.pk]),
        "public": reverse("dashboards:public"),
    }
    for name, url in pages.items():
        text = client.get(url, {"periode": period.pk}).content.decode()
        assert "Sangat Tinggi" in text, name
        assert ("96,30 %" in text) or ("96,00 %" in text), name


def test_the_dashboards_link_to_the_annual_recap(client, verifier):
    client.force_login(verifier)
    period = factories.period(2022, 1)
    text = client.get(reverse("dashboards:overview"), {"periode": period.pk}).content.decode()
    assert f"{reverse('dashboards:annual')}?tahun=2022" in text
    area = ChangeArea.objects.get(number=6)
    text = client.get(reverse("dashboards:area", args=[6]), {"periode": period.pk}).content.decode()
    assert f"tahun=2022&amp;area={area.number}" in text


def test_an_annual_result_not_yet_due_is_not_a_missing_report(client, verifier):
    client.force_login(verifier)
    first, second = factories.period(2023, 1), factories.period(2023, 2)
    late = {}
    for period in (first, second):
        page = client.get(reverse("dashboards:completeness_list"), {"periode": period.pk})
        late[period.semester] = {entry.opd.short_name: entry for entry in page.context["table"].data}
    assert "Bagian Pemerintahan" not in late[1]  # LPPD only: nothing due in June
    assert late[2]["Bagian Pemerintahan"].expected == 1
    assert late[1]["BKD"].expected == late[2]["BKD"].expected - 1  # opini BPK is due by December


@pytest.mark.parametrize(
    "query", [{"tahun": "²"}, {"tahun": "٢٠٢٢"}, {"roadmap": "²"}, {"area": "¹"}, {"opd": "9" * 20}]
)
def test_a_filter_value_that_is_no_number_is_a_404_not_a_500(client, verifier, query):
    client.force_login(verifier)
    assert client.get(reverse("dashboards:annual"), query).status_code == 404


def test_a_regency_wide_figure_is_decided_by_one_verified_report(verifier):
    """Indeks Kesehatan: the Perbup names Dinas Kesehatan, RSUD Bangil and RSUD Grati; the Pemda flagged it
    one regency-wide figure. Dinas Kesehatan's verified value decides the row and its tahun data; the
    hospitals share it and are not counted as missing reports."""
    from dashboards import results as dashboard

    health = Indicator.objects.get(name="Indeks Kesehatan")
    assert health.regency_wide and "Kabupaten" in health.regency_wide_reason
    period = factories.period(2023, 2)
    missing_before = {
        c.opd.short_name: c.expected for c in dashboard.completeness(period, dashboard.period_results(period).all_rows)
    }
    dinkes = factories.make_user("op_dinkes", Role.OPERATOR, "Dinas Kesehatan")
    verified(dinkes, verifier, period, health, value=Decimal("77.1"), data_year=2023)
    row = next(r for r in annual_recap(factories.perbup_roadmap(), 2023) if r.row.pk == health.pk)
    assert (row.status, row.data_year, row.decisive.opd.short_name) == ("met", 2023, "Dinas Kesehatan")
    assert [opd.short_name for opd in row.co_responsible] == ["RSUD Bangil", "RSUD Grati"]
    expected = {
        c.opd.short_name: c.expected for c in dashboard.completeness(period, dashboard.period_results(period).all_rows)
    }
    assert expected["RSUD Bangil"] == missing_before["RSUD Bangil"] - 1  # co-responsible, not missing
    assert expected["Dinas Kesehatan"] == missing_before["Dinas Kesehatan"]


def test_a_regency_wide_flag_needs_the_pemdas_reason():
    from django.db import IntegrityError, transaction

    tppd = Indicator.objects.get(name="Persentase terlaksananya pemberian TPPD")
    tppd.regency_wide = True
    with pytest.raises(IntegrityError), transaction.atomic():
        tppd.save()
    tppd.regency_wide_reason = "Satu angka untuk seluruh Kabupaten."
    tppd.save()


def test_a_co_responsible_opd_sees_the_regency_wide_figure_as_its_own_result(client, verifier):
    health = Indicator.objects.get(name="Indeks Kesehatan")
    period = factories.period(2023, 2)
    dinkes = factories.make_user("op_dinkes", Role.OPERATOR, "Dinas Kesehatan")
    verified(dinkes, verifier, period, health, value=Decimal("77.1"), data_year=2023)
    bangil = OPD.objects.get(short_name="RSUD Bangil")
    row = next(r for r in annual_recap(factories.perbup_roadmap(), 2023, opd=bangil) if r.row.pk == health.pk)
    assert row.status == "met" and [part.opd for part in row.parts] == [bangil]
    assert row.reason.startswith("Dinas Kesehatan: Realisasi 77,1 mencapai target 77,02.")
    assert row.reason.endswith("RSUD Bangil turut bertanggung jawab.")
    client.force_login(verifier)
    page = client.get(reverse("dashboards:opd", args=[bangil.pk]), {"periode": period.pk}).content.decode()
    line = next(part for part in page.split("<tr") if "Indeks Kesehatan" in part)
    assert "tercapai" in line and "belum ada data" not in line and "turut bertanggung jawab" in line
