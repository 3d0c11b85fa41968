"""Dashboards: what they show, the two questions a reviewer asks, exports, query counts, the public page."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Activity
from monev import workflow
from pmprb import workflow as pmprb_workflow
from roadmap.models import OPD
from tests import factories


@pytest.fixture
def pengawasan_reports(operator_inspektorat, verifier):
    """Semester I 2023: three Pengawasan indicators reported and verified, one of them below target."""
    period = factories.period(2023, 1)
    made = {}
    for name, value, obstacles in [
        ("Persentase APIP yang bersertifikat", 61, ""),
        ("Persentase pemenuhan Auditor", 40, "Formasi auditor belum dibuka."),
        ("Persentase APIP yang memperoleh peningkatan kompetensi", 98, ""),
    ]:
        report = factories.report(
            operator_inspektorat,
            period,
            indicator_=factories.indicator(name),
            value=value,
            obstacles=obstacles,
            submit=True,
        )
        workflow.verify(verifier, report)
        made[name] = report
    return period


def get(client, name, params=None, args=None):
    response = client.get(reverse(f"dashboards:{name}", args=args or []), params or {})
    assert response.status_code == 200, response.status_code
    return response


def test_which_opds_have_not_reported_in_one_click(client, verifier, operator_a, pengawasan_reports):
    client.force_login(verifier)
    page = get(client, "overview", {"periode": pengawasan_reports.pk})
    completeness = {c.opd.short_name: c for c in page.context["completeness"]}
    assert (
        completeness["Bagian Hukum"].submitted == 0 and completeness["Bagian Hukum"].missing == 8
    )  # 7 kegiatan + quick win 3's indicator
    assert completeness["Inspektorat"].submitted == 3 and completeness["Inspektorat"].verified == 3
    assert completeness["Bagian Hukum"].late  # deadline 15 July 2023 has passed
    assert "terlambat" in page.content.decode()


def test_pengawasan_indicators_below_target_and_why_in_two_clicks(client, verifier, pengawasan_reports):
    client.force_login(verifier)
    overview = get(client, "overview", {"periode": pengawasan_reports.pk}).content.decode()
    section = factories.indicator("Persentase pemenuhan Auditor").focus_item
    link = (
        f"{reverse('dashboards:indicator_list')}?periode={pengawasan_reports.pk}"
        f"&amp;section={section.pk}&amp;status=not_met"
    )
    assert link in overview
    listing = get(
        client, "indicator_list", {"periode": pengawasan_reports.pk, "section": section.pk, "status": "not_met"}
    )
    rows = list(listing.context["table"].data)
    assert [r.row.name for r in rows] == ["Persentase pemenuhan Auditor"]
    assert "Formasi auditor belum dibuka." in listing.content.decode()


def test_every_dashboard_number_links_to_the_rows_it_counts(client, verifier, pengawasan_reports):
    client.force_login(verifier)
    page = get(client, "overview", {"periode": pengawasan_reports.pk}).content.decode()
    inspektorat = OPD.objects.get(short_name="Inspektorat")
    assert f"?period={pengawasan_reports.pk}&amp;opd={inspektorat.pk}&amp;status=verified" in page
    area6 = f"{reverse('dashboards:activity_list')}?periode={pengawasan_reports.pk}&amp;area="
    assert area6 in page


def test_unverified_values_are_shown_but_not_counted(client, verifier, operator_inspektorat):
    period = factories.period(2023, 1)
    factories.report(
        operator_inspektorat,
        period,
        indicator_=factories.indicator("Persentase APIP yang bersertifikat"),
        value=99,
        submit=True,
    )
    client.force_login(verifier)
    listing = get(client, "indicator_list", {"periode": period.pk, "q": "bersertifikat"})
    (row,) = listing.context["table"].data
    assert row.status == "no_data" and row.has_unverified
    assert 'class="unverified"' in listing.content.decode()


def test_table_export_uses_the_screens_filters(client, verifier, pengawasan_reports):
    client.force_login(verifier)
    section = factories.indicator("Persentase pemenuhan Auditor").focus_item
    params = {"periode": pengawasan_reports.pk, "section": section.pk, "status": "met", "_export": "csv"}
    rows = list(csv.reader(io.StringIO(client.get(reverse("dashboards:indicator_list"), params).content.decode())))
    # 98 % against 100 % is "hampir tercapai", so only the certified-APIP row is met
    assert [r[1] for r in rows[1:]] == ["Persentase APIP yang bersertifikat"]
    assert rows[0][1:7] == ["Kegiatan / indikator", "Target", "Realisasi", "Capaian (%)", "Predikat", "Status"]
    assert rows[1][2:7] == ["61%", "61 %", "100,00 %", "Sangat Tinggi", "tercapai"]


def test_area_drill_down_shows_reports_and_evidence_counts(client, verifier, operator_a, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(verifier)
    page = get(client, "area", {"periode": open_period.pk}, args=[activity_a.area.number]).content.decode()
    assert activity_a.kegiatan in page and "0 bukti" in page and "Bagian Hukum" in page


def test_indicator_page_has_a_five_year_chart(client, verifier, pengawasan_reports):
    client.force_login(verifier)
    indicator = factories.indicator("Persentase pemenuhan Auditor")
    page = get(client, "indicator", args=[indicator.pk]).content.decode()
    assert page.count("<svg") - page.count('<svg class="bi"') == 1 and "2019/SI" in page and "2023/SII" in page
    assert "Target (tahunan)" in page and "Realisasi terverifikasi" in page


def svg_of(response) -> str:
    """The page's first chart (it is rendered inside the page's shared fragment)."""
    html = response.content.decode()
    start = (
        html.index('<svg xmlns="http://www.w3.org/2000/svg"') if '<svg xmlns="' in html else html.index("<svg xmlns=")
    )
    return html[start : html.index("</svg>", start)]


def test_the_indicator_chart_draws_each_opds_numbers_and_no_level_as_a_number(client, verifier, open_period):
    from decimal import Decimal

    from accounts.choices import Role

    health = factories.indicator("Indeks Kesehatan")
    for opd, value in (("Dinas Kesehatan", "77.1"), ("RSUD Bangil", "70")):
        user = factories.make_user(f"op-{opd}".replace(" ", "-").lower(), Role.OPERATOR, opd)
        report = factories.report(
            user, open_period, indicator_=health, value=Decimal(value), data_year=2023, submit=True
        )
        workflow.verify(verifier, report)
    client.force_login(verifier)
    chart = svg_of(client.get(reverse("dashboards:indicator", args=[health.pk])))
    # one line per OPD, never their average (73,55)
    assert "Realisasi terverifikasi — Dinas Kesehatan" in chart and "Realisasi terverifikasi — RSUD Bangil" in chart
    indeks_rb = factories.indicator("Indeks reformasi birokrasi")
    organisasi = factories.make_user("op-organisasi", Role.OPERATOR, "Bagian Organisasi")
    level_b = indeks_rb.scale.levels.get(code="BB")
    report = factories.report(organisasi, open_period, indicator_=indeks_rb, level=level_b, data_year=2023, submit=True)
    workflow.verify(verifier, report)
    page = client.get(reverse("dashboards:indicator", args=[indeks_rb.pk]))
    assert "Realisasi terverifikasi" not in svg_of(page)  # BB is no point on the 0–100 axis
    assert "tidak digambar sebagai angka" in page.content.decode()


def test_opd_users_get_their_own_opd_page_only(client, operator_a, operator_b):
    hukum, bkppd = OPD.objects.get(short_name="Bagian Hukum"), OPD.objects.get(short_name="BKPPD")
    client.force_login(operator_a)
    assert client.get(reverse("dashboards:overview")).status_code == 403
    assert client.get(reverse("dashboards:opd", args=[hukum.pk])).status_code == 200
    assert client.get(reverse("dashboards:opd", args=[bkppd.pk])).status_code == 404
    assert client.get(reverse("dashboards:indicator_list")).status_code == 403


def test_the_opd_history_shows_each_actors_name_as_it_is_now(client, operator_a, verifier, open_period):
    """The history's lines are kept per data version; the names are not: renaming a user bumps no version."""
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    report = factories.report(operator_a, open_period, factories.activity_of("Bagian Hukum"), progress=50, submit=True)
    client.force_login(verifier)
    url = reverse("dashboards:opd", args=[hukum.pk])
    page = client.get(url, {"periode": open_period.pk}).content.decode()
    assert f'href="{report.get_absolute_url()}"' in page and "Diajukan" in page
    operator_a.first_name, operator_a.last_name = "Siti", "Aminah"
    operator_a.save(update_fields=["first_name", "last_name"])
    assert "Siti Aminah" in client.get(url, {"periode": open_period.pk}).content.decode()


def test_public_page_is_off_by_default(client):
    assert client.get(reverse("dashboards:public")).status_code == 404


@pytest.mark.parametrize("chosen", ["999999", "abc", "-1", "²"])
def test_the_public_page_answers_an_unknown_period_with_404(client, settings, open_period, chosen):
    """The public page reads its period only when its shared fragment is computed: still a 404, never a 500,
    and nothing kept for that address."""
    settings.PUBLIC_DASHBOARD = True
    for _attempt in range(2):
        assert client.get(reverse("dashboards:public"), {"periode": chosen}).status_code == 404
    assert client.get(reverse("dashboards:public"), {"periode": open_period.pk}).status_code == 200


def test_public_page_shows_verified_values_only_and_no_names(
    client, settings, pengawasan_reports, operator_inspektorat
):
    settings.PUBLIC_DASHBOARD = True
    draft_indicator = factories.indicator("Persentase Penanganan kasus pengaduan masyarakat")
    factories.report(
        operator_inspektorat, pengawasan_reports, indicator_=draft_indicator, value=33.33, narrative="rahasia"
    )
    page = client.get(reverse("dashboards:public"), {"periode": pengawasan_reports.pk}).content.decode()
    assert "61 %" in page
    assert "33,33" not in page and "rahasia" not in page
    assert "operator_insp" not in page and "bukti" not in page.lower().replace("bukti dukung", "")


def test_the_public_page_draws_the_areas_as_a_chart_without_links(client, settings, pengawasan_reports):
    settings.PUBLIC_DASHBOARD = True
    page = client.get(reverse("dashboards:public"), {"periode": pengawasan_reports.pk}).content.decode()
    start = page.index("<div class='chart-box'")
    chart = page[start : page.index("</svg>", start)]
    assert "Kegiatan tercapai per area perubahan" in chart and "7. " in chart
    assert "<a " not in chart  # the public has no area pages to open


def test_the_public_page_never_reuses_the_internal_results(
    client, settings, pengawasan_reports, operator_inspektorat, verifier
):
    settings.PUBLIC_DASHBOARD = True
    draft_indicator = factories.indicator("Persentase Penanganan kasus pengaduan masyarakat")
    factories.report(operator_inspektorat, pengawasan_reports, indicator_=draft_indicator, value=33.33)
    client.force_login(verifier)
    assert "33,33" in get(client, "indicator_list", {"periode": pengawasan_reports.pk}).content.decode()
    client.logout()
    public = get(client, "public", {"periode": pengawasan_reports.pk}).content.decode()
    assert "33,33" not in public and "61 %" in public  # the verified APIP value, not the draft


def test_with_caching_a_new_report_shows_at_once_and_the_rows_are_not_reloaded(
    client, settings, pengawasan_reports, operator_inspektorat, verifier
):
    client.force_login(verifier)
    params = {"periode": pengawasan_reports.pk}
    assert "33,33" not in get(client, "indicator_list", params).content.decode()
    with CaptureQueriesContext(connection) as warm:
        get(client, "indicator_list", params)
    pengaduan = factories.indicator("Persentase Penanganan kasus pengaduan masyarakat")
    factories.report(operator_inspektorat, pengawasan_reports, indicator_=pengaduan, value=33.33)
    with CaptureQueriesContext(connection) as after_change:
        assert "33,33" in get(client, "indicator_list", params).content.decode()
    assert len(after_change) > len(warm)  # the page and the period's results computed again ...
    assert not any('"indicators_target"' in query["sql"] for query in after_change.captured_queries)  # ... rows kept


def test_with_caching_a_new_opd_and_row_show_at_once(client, settings, verifier, open_period):
    from accounts.choices import Role
    from actionplan.models import Activity, ActivityOPD

    client.force_login(verifier)
    params = {"periode": open_period.pk}
    get(client, "overview", params)  # rows and results now kept
    new_opd = OPD.objects.create(name="Dinas Uji Coba Baru", short_name="DUCB")
    area = Activity.objects.get(source_line=1524).area
    row = Activity.objects.create(
        area=area,
        subprogram_no=1,
        letter="z",
        kegiatan="Portal data terbuka",
        output_target="1 portal",
        order=9000,
        source_line=None,
    )
    ActivityOPD.objects.create(activity=row, opd=new_opd, position=1)
    operator = factories.make_user("op_ducb", Role.OPERATOR, "DUCB")
    factories.report(operator, open_period, row, submit=True)
    assert "Dinas Uji Coba Baru" in get(client, "completeness_list", params).content.decode()
    assert "Portal data terbuka" in get(client, "activity_list", {**params, "q": "Portal"}).content.decode()


PAGES = [
    ("overview", None),
    ("indicator_list", None),
    ("activity_list", None),
    ("completeness_list", None),
    ("area", lambda: [6]),
    ("opd", lambda: [OPD.objects.get(short_name="Inspektorat").pk]),
    ("public", None),
]


def fill(operator, verifier, period, activities: int) -> None:
    rows = Activity.objects.filter(opd_links__opd__short_name="Inspektorat").exclude(realisations__period=period)
    for activity in rows.order_by("pk")[:activities]:
        report = factories.report(operator, period, activity, submit=True)
        workflow.verify(verifier, report)


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[name for name, _ in PAGES])
def test_dashboard_query_counts_do_not_grow_with_the_data(
    client, settings, verifier, evaluator, operator_inspektorat, open_period, django_assert_num_queries, name, args
):
    settings.PUBLIC_DASHBOARD = True
    client.force_login(verifier)
    url = reverse(f"dashboards:{name}", args=args() if args else [])
    for year in (2021, 2022, 2023):  # the overview's Indeks RB chart scores every assessed year
        pmprb_workflow.create_assessment(evaluator, year, version=factories.lke_2014())
    client.get(url, {"periode": open_period.pk})
    fill(operator_inspektorat, verifier, open_period, 2)
    report_changed(open_period)  # measure the first view after a report changes, when results are recomputed
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"periode": open_period.pk})
    fill(operator_inspektorat, verifier, factories.period(2023, 1), 30)
    fill(operator_inspektorat, verifier, open_period, 30)
    report_changed(open_period)
    with django_assert_num_queries(len(small)):
        client.get(url, {"periode": open_period.pk})
    with CaptureQueriesContext(connection) as warm:
        client.get(url, {"periode": open_period.pk})
    assert len(small) <= 25  # the overview's Indeks RB chart is kept until an assessment changes, not a report
    assert len(warm) <= len(small)  # the next view reuses the cached read models


def report_changed(period) -> None:
    """What a save, submission or verification does to the cache."""
    from core import cache

    cache.bump(*cache.report_scopes(period.pk))


def clear_caches() -> None:
    from django.core.cache import cache

    cache.clear()


def test_the_full_completeness_table_lists_every_opd_and_filters_the_late(client, verifier, pengawasan_reports):
    client.force_login(verifier)
    everything = get(client, "completeness_list", {"periode": pengawasan_reports.pk})
    names = [entry.opd.short_name for entry in everything.context["table"].data]
    assert "Inspektorat" in names and "Bagian Hukum" in names and len(names) == len(set(names))
    late = get(client, "completeness_list", {"periode": pengawasan_reports.pk, "status": "late"})
    assert all(entry.late for entry in late.context["table"].data)
    searched = get(client, "completeness_list", {"periode": pengawasan_reports.pk, "q": "hukum"})
    assert [entry.opd.short_name for entry in searched.context["table"].data] == ["Bagian Hukum"]


def test_a_dashboard_is_computed_once_per_data_version(
    client, monkeypatch, operator_a, verifier, open_period, activity_a
):
    from dashboards import rows

    computed = []  # each computation of the overview loads the period's reports once
    real = rows.reports
    monkeypatch.setattr(rows, "reports", lambda *a, **kw: computed.append(1) or real(*a, **kw))
    client.force_login(verifier)
    params = {"periode": open_period.pk}
    get(client, "overview", params), get(client, "overview", params)
    assert len(computed) == 1  # the second view reads the shared fragment
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    get(client, "overview", params)
    assert len(computed) == 2
    workflow.verify(verifier, report)
    page = get(client, "overview", params).content.decode()
    assert len(computed) == 3 and "laporan diverifikasi" in page
    get(client, "overview", params)
    assert len(computed) == 3


def test_an_edit_of_a_rows_text_shows_at_once(client, verifier, open_period):
    """Master data edited in the admin bumps the master version: no dashboard keeps the old text."""
    from actionplan.models import Activity

    client.force_login(verifier)
    params = {"periode": open_period.pk, "q": "Portal"}
    assert "Portal data terbuka" not in get(client, "activity_list", params).content.decode()
    row = Activity.objects.get(source_line=1524)
    row.kegiatan = "Portal data terbuka"
    row.save()
    assert "Portal data terbuka" in get(client, "activity_list", params).content.decode()


def test_a_locked_period_bumps_the_version_although_the_admin_writes_with_update(admin_client, open_period):
    from core import cache

    before = cache.versions([cache.MASTER])
    admin_client.post(
        reverse("admin:monev_period_changelist"),
        {"action": "lock_periods", "_selected_action": [open_period.pk]},
    )
    assert cache.versions([cache.MASTER]) != before
