"""Rekap tahunan: a roadmap year's verified results beside the Perbup's target, with capaian and predikat.

The year's result of a row is
- for a *tahunan* indicator: its latest verified report whose tahun data is the year (an opini BPK
  on 2022 reported in 2023 counts for 2022); a report without tahun data counts for its period's year;
- for a *semesteran* indicator: its latest verified report of the year (Semester II before I);
- for a kegiatan: its latest verified progress of the year, against the year-end plan.
A row several OPDs report follows its weakest part, as on the semester dashboards.

One function, `annual_recap`, serves the dashboard page, its exports and the evaluation report, in
a fixed number of queries.
"""

from django.db.models import Q
from django.utils import timezone

from dashboards import rows
from dashboards.results import Part, RowResult, shares_one_figure
from indicators.achievement import (
    Measured,
    judge_activity,
    judge_indicator,
    row_judgement,
    worst_judgement,
)
from indicators.targets import all_targets
from monev.choices import RowKind, Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea, Roadmap


def annual_recap(
    roadmap: Roadmap, year: int, *, area: ChangeArea | None = None, opd: OPD | None = None
) -> list[RowResult]:
    """The year's rows: every indicator, then every kegiatan; with `area`, only the area's kegiatan
    (indicators belong to sections of 3.2, not to areas); with `opd`, only the rows the OPD reports,
    judged on its own result."""
    lookups = rows.Lookups.load()
    anchor = Period(roadmap=roadmap, year=year, semester=2)  # unsaved: the row loaders read its roadmap
    reports = _year_reports(roadmap, year, lookups, opd)
    # with `opd`: its rows and those of the units renamed or merged into it, each under the name it had
    lineage = set(opd.lineage_ids) if opd is not None else None
    units = lambda opds: lookups.units_on(opds, rows.period_end(year, 2))  # noqa: E731 - the units at year end
    result: list[RowResult] = []
    if area is None:
        targets = all_targets(roadmap.pk, lookups.levels)
        for indicator in rows.indicators(anchor, lookups):
            recap = _indicator_row(indicator, year, targets.get(indicator.pk, {}), reports, lineage, units)
            if recap is not None:
                result.append(recap)
    for activity in rows.activities(anchor, lookups, area):
        recap = _activity_row(activity, year, reports, lineage, units)
        if recap is not None:
            result.append(recap)
    return result


def _year_reports(roadmap: Roadmap, year: int, lookups: rows.Lookups, opd: OPD | None) -> dict:
    """{(row kind, row id, opd id): (report, period label)}: the latest verified result of the year; with `opd`,
    the OPD's, and every report of a regency-wide figure (another OPD's report may decide the OPD's row)."""
    of_year = Q(indicator__isnull=False) & (Q(data_year=year) | Q(data_year__isnull=True, period__year=year))
    of_year |= Q(activity__isnull=False, period__year=year)
    queryset = Realisation.objects.filter(of_year, period__roadmap=roadmap, status=Status.VERIFIED)
    if opd is not None:
        queryset = queryset.filter(Q(opd__in=opd.lineage_ids) | Q(indicator__regency_wide=True))
    year_end = rows.period_end(year, 2)
    fields = (*rows.REPORT_FIELDS, "period__year", "period__semester")
    found = {}
    for row in queryset.order_by("period__year", "period__semester", "pk").values(*fields):
        report = rows.ReportView(
            pk=row["pk"],
            opd=lookups.opds[row["opd_id"]],
            activity_id=row["activity_id"],
            indicator_id=row["indicator_id"],
            status=row["status"],
            value=row["value"],
            progress=row["progress"],
            level=lookups.levels.get(row["level_id"]),
            obstacles=row["obstacles"],
            data_year=row["data_year"],
        )
        key = (RowKind.KEGIATAN, row["activity_id"]) if row["activity_id"] else (RowKind.INDIKATOR, row["indicator_id"])
        # under the unit at year end: a unit merged in mid-year and its successor give one result, the latest
        unit = report.opd.unit_on(year_end, lookups.opds)
        found[(*key, unit.pk)] = (report, Period.format_short_label(row["period__year"], row["period__semester"]))
    return found


def _indicator_row(indicator, year: int, by_year: dict, reports: dict, lineage: set | None, units) -> RowResult | None:
    """With `lineage` (an OPD and the units it carries on): the row judged on their own result, or, for a
    regency-wide figure another OPD's report decided, that figure with their part in it."""
    if lineage is not None and indicator.regency_wide and any(o.pk in lineage for o in units(indicator.opds)):
        whole = _indicator_row(indicator, year, by_year, reports, None, units)
        if any(o.pk in lineage for o in whole.co_responsible):
            mine = [part for part in whole.parts if part.opd.pk in lineage]
            return RowResult(
                RowKind.INDIKATOR, indicator, whole.target, mine, whole.judgement, None, whole.decisive.opd, year
            )
    opds = [o for o in units(indicator.opds) if lineage is None or o.pk in lineage]
    assigned = units(indicator.assigned)
    if lineage is not None and not opds:
        return None
    target = by_year.get(year)
    # An annual result arrives in the next year: until that year is over it may still come
    awaiting = indicator.is_annual and year >= timezone.localdate().year - 1
    parts = []
    for reporter in opds:
        report, label = reports.get((RowKind.INDIKATOR, indicator.pk, reporter.pk), (None, ""))
        if report is not None:
            report.unit = indicator.unit
        measured = (
            None
            if report is None
            else Measured(
                value=report.value, rank=report.level.rank if report.level else None, verified=True, level=report.level
            )
        )
        judgement = judge_indicator(
            target,
            measured,
            indicator.direction,
            levels=indicator.levels,
            step=target.step if target is not None else None,
            awaiting=awaiting,
        )
        parts.append(Part(reporter, report, judgement, reporter in assigned, label))
    shared = shares_one_figure(indicator, parts)
    judgement = (
        row_judgement([p.judgement for p in parts], shared_fact=shared) if parts else judge_indicator(target, None)
    )
    return RowResult(RowKind.INDIKATOR, indicator, target, parts, judgement, year=year)


def _activity_row(activity, year: int, reports: dict, lineage: set | None, units) -> RowResult | None:
    opds = [o for o in units(activity.opds) if lineage is None or o.pk in lineage]
    if not opds:
        return None
    parts = []
    for reporter in opds:
        report, label = reports.get((RowKind.KEGIATAN, activity.pk, reporter.pk), (None, ""))
        progress = report.progress if report is not None else None
        judgement = judge_activity(progress, report is not None, activity.planned_semester_2)
        parts.append(Part(reporter, report, judgement, False, label))
    judgement = worst_judgement([p.judgement for p in parts])
    return RowResult(RowKind.KEGIATAN, activity, None, parts, judgement, activity.planned_semester_2, year=year)
