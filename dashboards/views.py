"""Dashboards for Bagian Organisasi (and Inspektorat): overview, drill-down, tables, public page."""

import functools
from collections import Counter

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from accounts import rules
from actionplan.models import Activity
from core import cache, charts
from core.params import positive_int
from core.views import FilteredTableView
from dashboards import results as dashboard
from dashboards import rows
from dashboards.annual import annual_recap
from dashboards.filtersets import ActivityFilterSet, IndicatorFilterSet, OPDFilterSet
from dashboards.tables import AnnualRecapTable, CompletenessTable, RowResultTable
from indicators.achievement import Achievement, judge_realisations
from indicators.models import Indicator, Scale, Target
from monev.choices import Status
from monev.models import Period, Realisation
from monev.periods import chosen_period
from pmprb.models import Recommendation
from roadmap.models import OPD, ChangeArea, QuickWin, QuickWinOPD, Roadmap


def rule_context() -> dict:
    """What templates/dashboards/_rule.html needs (the rule's numbers are stated in its text)."""
    return {}


OVERVIEW_ROWS = 15  # the overview shows the first few; the full lists are one click away


@require_safe
@rules.entry(rules.DASHBOARDS)
def overview(request):
    period = chosen_period(request, with_data=True)
    periods = list(Period.objects.filter(roadmap_id=period.roadmap_id).order_by("year", "semester"))
    # The figures are computed only when the page's shared fragment is not cached for this data version
    return render(
        request,
        "dashboards/overview.html",
        {"period": period, "periods": periods, "data": lambda: _overview_data(period, periods)},
    )


def _overview_data(period: Period, periods: list[Period]) -> dict:
    results = dashboard.period_results(period)
    indicator_rows, activity_rows = results.indicator_rows, results.activity_rows
    areas = dashboard.area_summaries(activity_rows)
    not_met = [result for result in indicator_rows if result.status == Achievement.NOT_MET]
    completeness = dashboard.completeness(period, indicator_rows + activity_rows)
    trend = dashboard.trend(periods, dashboard.expected_reports(indicator_rows, activity_rows))
    return {
        "completeness": completeness[:OVERVIEW_ROWS],
        "completeness_more": max(len(completeness) - OVERVIEW_ROWS, 0),
        "areas": areas,
        "area_chart": charts.bar_chart(
            [
                charts.Bar(
                    f"{a.area.number}. {a.area.name}",
                    a.percent(Achievement.MET),
                    f"{a.percent(Achievement.MET)}% ({a.counts[Achievement.MET]}/{a.total})",
                    reverse("dashboards:area", args=[a.area.number]) + f"?periode={period.pk}",
                )
                for a in areas
            ],
            _("Kegiatan tercapai per area perubahan (progres terverifikasi sesuai rencana semester)"),
        ),
        "sections": _section_summary(indicator_rows),
        "not_met": not_met[:OVERVIEW_ROWS],
        "not_met_more": max(len(not_met) - OVERVIEW_ROWS, 0),
        "indicator_counts": dashboard.status_counts(indicator_rows),
        "activity_counts": dashboard.status_counts(activity_rows),
        "quick_wins": QuickWin.objects.filter(roadmap_id=period.roadmap_id).prefetch_related(
            Prefetch("opd_links", queryset=QuickWinOPD.objects.select_related("opd"))
        ),
        "trend_chart": _trend_chart(
            trend,
            [p.period.short_label for p in trend],
            _("Semester"),
            narrow_labels=[str(p.period.year) if p.period.semester == 1 else "" for p in trend],
        ),
        "year_chart": _trend_chart(
            [p for p in trend if p.period.semester == 2],
            [str(p.period.year) for p in trend if p.period.semester == 2],
            _("Tahun (keadaan akhir Semester II)"),
        ),
        "indeks_chart": _indeks_rb_chart(period.roadmap),
        "overdue_recommendations": Recommendation.objects.overdue().count(),
        "summary": _overview_summary(completeness, indicator_rows),
        "area_headers": dashboard.ordered_counts(Counter(), include_no_target=False),
        "section_headers": dashboard.ordered_counts(Counter()),
        **rule_context(),
    }


def _overview_summary(completeness: list, indicator_rows: list) -> dict:
    """The figures at the top of the overview."""
    expected = sum(c.expected for c in completeness)
    submitted = sum(c.submitted for c in completeness)
    verified = sum(c.verified for c in completeness)
    return {
        "submitted_pct": round(100 * submitted / expected) if expected else 0,
        "verified_pct": round(100 * verified / expected) if expected else 0,
        "late": sum(1 for c in completeness if c.late),
        "not_met": sum(1 for r in indicator_rows if r.status == Achievement.NOT_MET),
        "met": sum(1 for r in indicator_rows if r.status == Achievement.MET),
    }


def _trend_chart(points: list, labels: list[str], x_label: str, narrow_labels: list[str] | None = None):
    return charts.responsive_line_chart(
        [
            charts.Series(_("kegiatan sesuai rencana"), [p.percent(p.met) for p in points]),
            charts.Series(_("laporan diverifikasi"), [p.percent(p.verified) for p in points]),
            charts.Series(_("laporan diajukan"), [p.percent(p.submitted) for p in points]),
        ],
        labels,
        _("Capaian per %(unit)s, dalam persen dari laporan yang diharapkan") % {"unit": x_label.split()[0].lower()},
        narrow_labels,
        y_label=_("% dari laporan yang diharapkan"),
        x_label=x_label,
        percent=True,
    )


def _indeks_rb_series(roadmap) -> tuple[list, list]:
    """Per year of the roadmap: the Pemda's nilai penilaian mandiri (PMPRB) and the Perbup's target (None
    where there is none)."""
    from pmprb.models import Assessment
    from pmprb.summary import summarise_all

    years = list(roadmap.years)
    assessments = list(Assessment.objects.pemda().official().filter(year__in=years).select_related("version"))
    summaries = {s.assessment.year: s for s in summarise_all(assessments)} if assessments else {}

    targets = dict(
        Target.objects.filter(indicator__key=Indicator.INDEKS_RB, indicator__focus_item__priority__roadmap=roadmap)
        .exclude(value=None)
        .values_list("year", "value")
    )
    return [summaries[y].result.total if y in summaries else None for y in years], [targets.get(y) for y in years]


def _indeks_rb_chart(roadmap):
    """Indeks RB of each assessed year beside the Perbup's target for that year. Scoring every year costs a
    dozen queries: the series is kept until an assessment or the master data changes, not a report."""
    from pmprb.summary import verified_indeks_rb

    indeks, targets = cache.cached(
        "indeks-rb-series", [cache.PMPRB, cache.MASTER], lambda: _indeks_rb_series(roadmap), roadmap.pk
    )
    years = list(roadmap.years)
    verified = verified_indeks_rb(years)  # a verified report changes it: not kept with the series
    verified = [verified[year].value if year in verified else None for year in years]
    return charts.responsive_line_chart(
        [
            charts.Series(_("nilai penilaian mandiri (PMPRB)"), indeks),
            charts.Series(_("Indeks RB terverifikasi"), verified),
            charts.Series(_("target Perbup"), targets),
        ],
        [str(year) for year in years],
        _("Nilai penilaian mandiri dan Indeks RB terverifikasi per tahun dibandingkan target Perbup"),
        y_label=_("Indeks RB (0–100)"),
        x_label=_("Tahun penilaian"),
        scale_max=100.0,  # the index's own axis: its ticks are points, not %
    )


def _section_summary(indicator_rows) -> list[dict]:
    sections: dict[str, dict] = {}
    for result in indicator_rows:
        item = result.row.focus_item
        entry = sections.setdefault(item.section_code, {"item": item, "counts": Counter()})
        entry["counts"][result.status] += 1
    for entry in sections.values():
        entry["ordered"] = dashboard.ordered_counts(entry["counts"])
    return list(sections.values())


@require_safe
@rules.entry(rules.DASHBOARDS)
def area_detail(request, number: int):
    period = chosen_period(request, with_data=True)
    area = get_object_or_404(ChangeArea, roadmap_id=period.roadmap_id, number=number)
    context = {
        "period": period,
        "periods": Period.objects.filter(roadmap_id=period.roadmap_id),
        "area": area,
        "data": lambda: _area_data(period, area),
    }
    return render(request, "dashboards/area.html", context)


def _area_data(period: Period, area: ChangeArea) -> dict:
    # Only this area's rows and reports, with their evidence counts: an eighth of the period's work
    lookups = rows.Lookups.load()
    reports = dashboard.period_realisations(period, area=area, evidence=True, lookups=lookups)
    results = dashboard.activity_results(period, reports, area=area, lookups=lookups)
    return {"rows": results, "counts": dashboard.status_counts(results)}


@require_safe
@login_required
def opd_detail(request, pk: int):
    opd = get_object_or_404(OPD, pk=pk)
    if not rules.sees_all_opds(request.user) and rules.user_opd(request.user) != opd:
        raise Http404
    period = chosen_period(request, with_data=True)
    periods = list(Period.objects.filter(roadmap_id=period.roadmap_id))
    context = {
        "opd": opd,
        "period": period,
        "periods": periods,
        # the units renamed or merged into it
        "predecessors": OPD.objects.lineage(opd).exclude(pk=opd.pk).order_by("ended_on"),
        # Who did what names people, whose names no data version covers: read for each request
        "events": _recent_events(set(opd.lineage_ids)),
        # Computed once, when either of the page's two shared fragments is not cached
        "data": functools.cache(lambda: _opd_data(opd, period, periods)),
    }
    return render(request, "dashboards/opd.html", context)


def _opd_data(opd: OPD, period: Period, periods: list[Period]) -> dict:
    results = dashboard.period_results(period)
    indicator_ids = set(Indicator.objects.for_opd(opd).values_list("pk", flat=True))
    activity_ids = set(Activity.objects.for_opd(opd).values_list("pk", flat=True))
    units = set(opd.lineage_ids)  # it and the units it carries on
    indicator_rows = dashboard.only(results.indicator_rows, indicator_ids, opd)
    activity_rows = dashboard.only(results.activity_rows, activity_ids, opd)
    history = _completeness_history(units, periods, len(indicator_rows) + len(activity_rows))
    return {
        "rows": indicator_rows + activity_rows,
        "history": history,
        "history_chart": charts.line_chart(
            [
                charts.Series(_("% diajukan"), [h["submitted_pct"] for h in history]),
                charts.Series(_("% diverifikasi"), [h["verified_pct"] for h in history]),
            ],
            [h["period"].short_label for h in history],
            _("Kelengkapan laporan %(opd)s per semester") % {"opd": opd.short_name},
        ),
    }


def _completeness_history(units: set[int], periods: list[Period], expected: int) -> list[dict]:
    from monev.choices import Status

    counts = {
        row["period_id"]: row
        for row in Realisation.objects.filter(opd__in=units, period__in=periods)
        .order_by()
        .values("period_id")
        .annotate(
            submitted=Count("pk", filter=Q(status__in=list(dashboard.SUBMITTED_OR_LATER))),
            verified=Count("pk", filter=Q(status=Status.VERIFIED)),
        )
    }
    history = []
    for period in periods:
        submitted, verified = (counts.get(period.pk, {}).get(key, 0) for key in ("submitted", "verified"))
        history.append(
            {
                "period": period,
                "submitted": submitted,
                "verified": verified,
                "expected": expected,
                "submitted_pct": round(100 * submitted / expected, 1) if expected else 0,
                "verified_pct": round(100 * verified / expected, 1) if expected else 0,
            }
        )
    return history


def _recent_events(units: set[int]):
    from monev.models import ReportEvent

    # The reports in a second query: one ten-table join cost PostgreSQL more to plan than to run.
    reports = Realisation.objects.select_related(
        "period", "opd", "activity__area", "indicator__focus_item__priority"
    ).order_by()
    return (
        ReportEvent.objects.filter(realisation__opd__in=units)
        .select_related("actor")
        .prefetch_related(Prefetch("realisation", queryset=reports))
        .order_by("-at", "-pk")[:20]
    )


@require_safe
@rules.entry(rules.INDICATOR_PAGES)
def indicator_detail(request, pk: int):
    indicator = get_object_or_404(
        Indicator.objects.select_related("focus_item__priority__roadmap", "scale").prefetch_related(
            "targets__level", "opd_links__opd", "focus_item__opd_links__opd"
        ),
        pk=pk,
    )
    context = {"indicator": indicator, "data": lambda: _indicator_data(indicator, request.user)}
    return render(request, "dashboards/indicator.html", context)


def _indicator_data(indicator: Indicator, user) -> dict:
    """The page's shared fragment: which reports `user` may see depends only on their powers and OPD, which
    the fragment's key holds."""
    realisations = Realisation.objects.filter(indicator=indicator).for_user(user)
    realisations = list(
        realisations.select_related("period", "opd", "level").order_by("period__year", "period__semester")
    )
    periods = list(Period.objects.filter(roadmap_id=indicator.focus_item.priority.roadmap_id))
    targets = {t.year: t for t in indicator.targets.all()}
    judge_realisations(indicator, realisations)
    ranks = indicator.scale_id is not None and not Scale.has_bands(list(indicator.scale.levels.all()))
    return {
        "targets": [targets.get(year) for year in indicator.focus_item.priority.roadmap.years],
        "realisations": realisations,
        "ranks": ranks,
        "chart": _indicator_chart(indicator, periods, targets, realisations, ranks),
    }


def _indicator_chart(indicator, periods, targets, realisations, ranks: bool):
    """Target and realisation per semester, one line per OPD: values of different OPDs are never averaged
    (three hospitals' indices are three figures). Numbers only: a level reported without its number is
    left off the line on a scale with numeric bands (its rank is no index value); a scale that has no
    numbers at all (opini BPK, APIP) is drawn by rank, as the page says."""
    opds = sorted({r.opd for r in realisations}, key=lambda opd: opd.short_name)
    series = [charts.Series(_("Target (tahunan)"), [_number(targets.get(p.year), ranks) for p in periods])]
    for verified, label in ((True, _("Realisasi terverifikasi")), (False, _("Belum diverifikasi"))):
        for opd in opds:
            points = {
                r.period_id: _number(r, ranks)
                for r in realisations
                if r.opd_id == opd.pk and (r.status == Status.VERIFIED) == verified
            }
            if any(point is not None for point in points.values()):
                name = f"{label} — {opd.short_name}" if len(opds) > 1 else label
                series.append(charts.Series(name, [points.get(p.pk) for p in periods]))
    return charts.line_chart(
        series,
        [p.short_label for p in periods],
        _("Target dan realisasi per semester: %(name)s") % {"name": indicator.name},
    )


def _number(item, ranks: bool):
    """A point of the chart: the number; a level's rank only on a scale without numbers (`ranks`)."""
    if item is None:
        return None
    if item.value is not None:
        return float(item.value)
    if ranks and item.level is not None:
        return float(item.level.rank)
    return None


@require_safe
@rules.entry(rules.DASHBOARDS)
def annual(request):
    """Rekap tahunan: a year's verified results against the Perbup target, per area or OPD; .xlsx/.csv export."""
    roadmap = _chosen(request, "roadmap", Roadmap.objects.all(), "pk") or Roadmap.objects.current()
    if roadmap is None:
        raise Http404(_("Belum ada road map."))
    year = _chosen_year(request, roadmap)
    area = _chosen(request, "area", ChangeArea.objects.filter(roadmap=roadmap), "number")
    opd = _chosen(request, "opd", OPD.objects.all(), "pk")
    table = AnnualRecapTable(annual_recap(roadmap, year, area=area, opd=opd))
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format) and export_format in ("xlsx", "csv"):
        name = f"rekap-tahunan-{year}" + (f"-area{area.number}" if area else "") + (f"-opd{opd.pk}" if opd else "")
        return TableExport(export_format, table).response(f"{name}.{export_format}")
    RequestConfig(request, paginate=False).configure(table)
    query = request.GET.copy()
    query.pop("_export", None)
    context = {
        "roadmap": roadmap,
        "roadmaps": Roadmap.objects.order_by("-is_active", "-year", "-number"),
        "year": year,
        "area": area,
        "opd": opd,
        "table": table,
        "areas": ChangeArea.objects.filter(roadmap=roadmap).order_by("number"),
        "opds": OPD.objects.order_by("short_name"),
        "export_query": query.urlencode(),
        "summary": dashboard.ordered_counts(Counter(row.status for row in table.data)),
    }
    return render(request, "dashboards/annual.html", context)


def _chosen_year(request, roadmap: Roadmap) -> int:
    wanted = request.GET.get("tahun", "")
    if not wanted:
        period = chosen_period(request, with_data=True)
        if period.roadmap_id == roadmap.pk:
            return period.year
        return min(roadmap.end_year, max(roadmap.start_year, timezone.localdate().year))
    year = positive_int(wanted)
    if year is None or year not in roadmap.years:
        raise Http404(_("Tahun di luar road map."))
    return year


def _chosen(request, name: str, queryset, field: str):
    """An optional filter object from the query string; a bad value is a 404, not a 500."""
    wanted = request.GET.get(name, "")
    if not wanted:
        return None
    value = positive_int(wanted)
    if value is None:
        raise Http404
    return get_object_or_404(queryset, **{field: value})


@require_safe
def public(request):
    """The roadmap with verified achievements only: no evidence, no names, no drafts."""
    if not settings.PUBLIC_DASHBOARD:
        raise Http404
    period = chosen_period(request, with_data=True)
    return render(request, "dashboards/public.html", {"period": period, "data": lambda: _public_data(period)})


def _public_data(period: Period) -> dict:
    verified = dashboard.period_results(period, verified_only=True)
    areas = dashboard.area_summaries(verified.activity_rows)
    return {
        "indicator_rows": verified.indicator_rows,
        "areas": areas,
        "area_chart": charts.bar_chart(
            [
                charts.Bar(
                    f"{a.area.number}. {a.area.name}",
                    a.met_percent,
                    f"{a.met_percent}% ({a.counts[Achievement.MET]}/{a.total})",
                )
                for a in areas
            ],
            _("Kegiatan tercapai per area perubahan (hanya capaian terverifikasi)"),
        ),
    }


class RowResultListView(rules.EntryMixin, FilteredTableView):
    """Indicators or kegiatan of a period with their status; filters and export as on screen.

    The status is computed (monev/achievement.py), so it is filtered after the SQL filters.
    """

    table_class = RowResultTable
    template_name = "dashboards/row_list.html"
    shared_table = True
    door = rules.DASHBOARDS
    kind = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{self.period.year}-s{self.period.semester}.{export_format}"

    def get(self, request, *args, **kwargs):
        self.period = chosen_period(request, with_data=True)
        return super().get(request, *args, **kwargs)

    def results(self, queryset) -> list:
        raise NotImplementedError

    def get_table_data(self):
        results = self.results(self.object_list)
        wanted = self.request.GET.get("status")
        if wanted in Achievement.values:
            results = [result for result in results if result.status == wanted]
        return results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            period=self.period,
            periods=Period.objects.filter(roadmap_id=self.period.roadmap_id),
            statuses=Achievement.choices,
            chosen_status=self.request.GET.get("status", ""),
            **rule_context(),
        )
        return context


class IndicatorListView(RowResultListView):
    filterset_class = IndicatorFilterSet
    export_name = "capaian-indikator"
    page_title = _lazy("Capaian indikator")

    def get_queryset(self):
        return Indicator.objects.filter(focus_item__priority__roadmap_id=self.period.roadmap_id)

    def results(self, queryset):
        ids = set(queryset.values_list("pk", flat=True))
        return dashboard.only(dashboard.period_results(self.period).indicator_rows, ids)


class ActivityListView(RowResultListView):
    filterset_class = ActivityFilterSet
    export_name = "capaian-kegiatan"
    page_title = _lazy("Capaian kegiatan rencana aksi")

    def get_queryset(self):
        return Activity.objects.filter(area__roadmap_id=self.period.roadmap_id)

    def results(self, queryset):
        ids = set(queryset.values_list("pk", flat=True))
        return dashboard.only(dashboard.period_results(self.period).activity_rows, ids)


class CompletenessListView(RowResultListView):
    """Every OPD's completeness in a period, the late ones first; filters and export as on screen."""

    table_class = CompletenessTable
    filterset_class = OPDFilterSet
    export_name = "kelengkapan-opd"
    page_title = _lazy("Kelengkapan laporan per OPD")

    def get_queryset(self):
        return OPD.objects.all()

    def get_table_data(self):
        results = dashboard.period_results(self.period).all_rows
        wanted = set(self.object_list.values_list("pk", flat=True))
        entries = [entry for entry in dashboard.completeness(self.period, results) if entry.opd.pk in wanted]
        if self.request.GET.get("status") == "late":
            entries = [entry for entry in entries if entry.late]
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = [("late", _("hanya yang terlambat"))]
        return context
