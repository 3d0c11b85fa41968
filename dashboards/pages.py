"""What the dashboard pages show: each page's figures, tables and charts, computed from the period's results
(dashboards.results) and the annual recap (dashboards.annual). The views read the request and hand these
to their templates, mostly as the data callable of a shared fragment (accounts/templatetags/shared_fragments.py).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from actionplan.models import Activity
from core import cache, charts
from dashboards import results as dashboard
from dashboards import rows
from indicators.achievement import Achievement, judge_realisations
from indicators.models import Indicator, Scale, Target
from monev.choices import RowKind, Status
from monev.models import Period, Realisation, ReportEvent
from pmprb.models import Recommendation
from roadmap.models import OPD, ChangeArea, QuickWin, QuickWinOPD

OVERVIEW_ROWS = 15  # the overview shows the first few; the full lists are one click away


def rule_context() -> dict:
    """What templates/dashboards/_rule.html needs (the rule's numbers are stated in its text)."""
    return {}


def overview_data(period: Period, periods: list[Period]) -> dict:
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


def area_data(period: Period, area: ChangeArea) -> dict:
    # Only this area's rows and reports, with their evidence counts: an eighth of the period's work
    lookups = rows.Lookups.load()
    reports = rows.reports(period, lookups, area=area, evidence=True)
    results = dashboard.activity_results(period, reports, lookups, rows.activities(period, lookups, area))
    return {"rows": results, "counts": dashboard.status_counts(results)}


def opd_data(opd: OPD, period: Period) -> dict:
    periods = list(Period.objects.filter(roadmap_id=period.roadmap_id))
    results = dashboard.period_results(period)
    indicator_ids = set(Indicator.objects.for_opd(opd).values_list("pk", flat=True))
    activity_ids = set(Activity.objects.for_opd(opd).values_list("pk", flat=True))
    units = set(opd.lineage_ids)  # it and the units it carries on
    indicator_rows = dashboard.only(results.indicator_rows, indicator_ids, opd)
    activity_rows = dashboard.only(results.activity_rows, activity_ids, opd)
    history = _completeness_history(units, periods, len(indicator_rows) + len(activity_rows))
    return {
        "predecessors": OPD.objects.lineage(opd).exclude(pk=opd.pk).order_by("ended_on"),  # renamed or merged into it
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


@dataclass(frozen=True)
class EventLine:
    """One entry of an OPD's recent history, without the actor's name (read for each request: a user's name
    changes without a data version)."""

    at: datetime
    action: str
    actor_id: int
    report_url: str
    report: str  # "2023/SII Inspektorat — 1.2.a Penyusunan …", as str(Realisation)

    @property
    def action_label(self) -> str:
        return str(ReportEvent.Action(self.action).label)


def recent_events(units: set[int]) -> list[tuple[EventLine, str]]:
    """Who did what lately on the reports of `units` (an OPD and the units it carries on): the lines kept per
    data version, each with its actor's name as it is now."""
    lines = cache.cached("opd-events", cache.EVERY_SCOPE, lambda: _event_lines(units), sorted(units))
    users = get_user_model().objects.filter(pk__in={line.actor_id for line in lines})
    names = {
        user.pk: user.get_full_name() or user.get_username()
        for user in users.only("first_name", "last_name", "username")
    }
    return [(line, names.get(line.actor_id, "")) for line in lines]


def _event_lines(units: set[int]) -> list[EventLine]:
    # The reports in a second query: one ten-table join cost PostgreSQL more to plan than to run.
    reports = Realisation.objects.select_related(
        "period", "opd", "activity__area", "indicator__focus_item__priority"
    ).order_by()
    events = (
        ReportEvent.objects.filter(realisation__opd__in=units)
        .prefetch_related(Prefetch("realisation", queryset=reports))
        .order_by("-at", "-pk")[:20]
    )
    return [
        EventLine(event.at, event.action, event.actor_id, event.realisation.get_absolute_url(), str(event.realisation))
        for event in events
    ]


def indicator_data(pk: int, user) -> dict:
    """The page's shared fragment: which reports `user` may see depends only on their powers and OPD, which
    the fragment's key holds."""
    indicator = (
        Indicator.objects.select_related("focus_item__priority__roadmap", "scale")
        .prefetch_related("targets__level", "opd_links__opd", "focus_item__opd_links__opd")
        .get(pk=pk)
    )
    realisations = Realisation.objects.filter(indicator=indicator).for_user(user)
    realisations = list(
        realisations.select_related("period", "opd", "level").order_by("period__year", "period__semester")
    )
    periods = list(Period.objects.filter(roadmap_id=indicator.focus_item.priority.roadmap_id))
    targets = {t.year: t for t in indicator.targets.all()}
    judge_realisations(indicator, realisations)
    ranks = indicator.scale_id is not None and not Scale.has_bands(list(indicator.scale.levels.all()))
    return {
        "indicator": indicator,
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


def public_data(period: Period) -> dict:
    verified = dashboard.period_results(period, verified_only=True)
    areas = dashboard.area_summaries(verified.activity_rows)
    return {
        "period": period,
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


def row_results(period: Period, kind: RowKind, row_ids: set[int], status: str | None = None) -> list:
    """The period's rows of `kind` among `row_ids` (a list page's filtered queryset), with `status` only
    those of that status (the status is computed, so it is filtered after the SQL filters)."""
    results = dashboard.period_results(period)
    chosen = dashboard.only(results.indicator_rows if kind == RowKind.INDIKATOR else results.activity_rows, row_ids)
    if status in Achievement.values:
        chosen = [result for result in chosen if result.status == status]
    return chosen


def completeness_entries(period: Period, opd_ids: set[int], late_only: bool = False) -> list:
    """Every OPD's completeness in the period among `opd_ids`, the late ones first; only the late ones."""
    entries = dashboard.completeness(period, dashboard.period_results(period).all_rows)
    return [entry for entry in entries if entry.opd.pk in opd_ids and (entry.late or not late_only)]


def annual_summary(recap: list) -> list[tuple[str, str, int]]:
    """(status, label, count) of the annual recap's rows, in the dashboards' order."""
    return dashboard.ordered_counts(dashboard.status_counts(recap))
