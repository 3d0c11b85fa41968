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

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from dashboards import rows
from dashboards.results import co_responsible, reason_text, shares_one_figure, with_co_responsible
from indicators.achievement import (
    Achievement,
    Judgement,
    Measured,
    judge_activity,
    judge_indicator,
    row_judgement,
    worst_judgement,
)
from indicators.models import ScaleLevel
from indicators.targets import TargetView, all_targets
from monev.choices import Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea, Roadmap


@dataclass(frozen=True, repr=False)
class RecapPart:
    """One OPD's result of the year on a row (report None: nothing verified)."""

    opd: OPD
    report: rows.ReportView | None
    judgement: Judgement
    assigned: bool = False  # reports by the Pemda's assignment, not as an OPD the Perbup names
    period_label: str = ""  # where the result was reported ("2023/SI")


@dataclass(frozen=True, repr=False)
class RecapRow:
    """A row of the rekap: an indicator (kind "indikator") or a kegiatan (kind "kegiatan")."""

    kind: str
    row: rows.IndicatorView | rows.ActivityView
    year: int
    target: TargetView | None  # raw_text (Perbup text) + value/level (parsed); None for a kegiatan
    judgement: Judgement
    parts: list[RecapPart] = field(default_factory=list)
    decided_by: OPD | None = None  # a co-responsible OPD's view of a regency-wide figure another OPD reported

    @property
    def indicator(self) -> rows.IndicatorView | None:
        return self.row if self.kind == "indikator" else None

    @property
    def decisive(self) -> RecapPart | None:
        """The part whose result decides the row (the weakest), for its value, level and data year."""
        for part in self.parts:
            if part.judgement is self.judgement:
                return part
        return self.parts[0] if self.parts else None

    @property
    def value(self) -> Decimal | None:
        report = self._report
        if report is None:
            return None
        return report.progress if self.kind == "kegiatan" else report.value

    @property
    def level(self) -> ScaleLevel | None:
        return self._report.level if self._report is not None else None

    @property
    def data_year(self) -> int | None:
        report = self._report
        if report is None or self.kind == "kegiatan":
            return None
        return report.data_year or self.year

    @property
    def status(self) -> str:
        return self.judgement.status

    @property
    def co_responsible(self) -> list[OPD]:
        """On a regency-wide figure decided by one OPD's report: the other OPDs, which share it."""
        if self.decided_by is not None:
            return [part.opd for part in self.parts]
        return co_responsible(self.row, self.parts, self.decisive) if self.kind == "indikator" else []

    @property
    def reason(self) -> str:
        """Why the row has its status: the deciding part's reason, named by its OPD on a shared row."""
        decisive = self.decisive
        opd = self.decided_by or (decisive.opd if decisive is not None and len(self.parts) > 1 else None)
        return with_co_responsible(reason_text(self.judgement, opd), self.co_responsible)

    def get_status_label(self) -> str:
        return str(Achievement(self.status).label)

    @property
    def capaian(self) -> Decimal | None:
        return self.judgement.capaian

    @property
    def predikat(self) -> str | None:
        return self.judgement.predikat

    @property
    def predikat_label(self) -> str:
        return self.judgement.predikat_label

    @property
    def planned(self) -> Decimal | None:
        return self.row.planned_semester_2 if self.kind == "kegiatan" else None

    @property
    def realisations(self) -> list[rows.ReportView]:
        return [part.report for part in self.parts if part.report is not None]

    @property
    def _report(self) -> rows.ReportView | None:
        part = self.decisive
        return part.report if part is not None else None


def annual_recap(
    roadmap: Roadmap, year: int, *, area: ChangeArea | None = None, opd: OPD | None = None
) -> list[RecapRow]:
    """The year's rows: every indicator, then every kegiatan; with `area`, only the area's kegiatan
    (indicators belong to sections of 3.2, not to areas); with `opd`, only the rows the OPD reports,
    judged on its own result."""
    lookups = rows.Lookups.load()
    anchor = Period(roadmap=roadmap, year=year, semester=2)  # unsaved: the row loaders read its roadmap
    reports = _year_reports(roadmap, year, lookups, opd)
    # with `opd`: its rows and those of the units renamed or merged into it, each under the name it had
    lineage = set(opd.lineage_ids) if opd is not None else None
    units = lambda opds: lookups.units_on(opds, rows.period_end(year, 2))  # noqa: E731 - the units at year end
    result: list[RecapRow] = []
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
    """{("i"|"a", row id, opd id): (report, period label)}: the latest verified result of the year; with `opd`,
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
        key = ("a", row["activity_id"]) if row["activity_id"] else ("i", row["indicator_id"])
        # under the unit at year end: a unit merged in mid-year and its successor give one result, the latest
        unit = report.opd.unit_on(year_end, lookups.opds)
        found[(*key, unit.pk)] = (report, Period.format_short_label(row["period__year"], row["period__semester"]))
    return found


def _indicator_row(indicator, year: int, by_year: dict, reports: dict, lineage: set | None, units) -> RecapRow | None:
    """With `lineage` (an OPD and the units it carries on): the row judged on their own result, or, for a
    regency-wide figure another OPD's report decided, that figure with their part in it."""
    if lineage is not None and indicator.regency_wide and any(o.pk in lineage for o in units(indicator.opds)):
        whole = _indicator_row(indicator, year, by_year, reports, None, units)
        if any(o.pk in lineage for o in whole.co_responsible):
            mine = [part for part in whole.parts if part.opd.pk in lineage]
            return RecapRow("indikator", indicator, year, whole.target, whole.judgement, mine, whole.decisive.opd)
    opds = [o for o in units(indicator.opds) if lineage is None or o.pk in lineage]
    assigned = units(indicator.assigned)
    if lineage is not None and not opds:
        return None
    target = by_year.get(year)
    # An annual result arrives in the next year: until that year is over it may still come
    awaiting = indicator.is_annual and year >= timezone.localdate().year - 1
    parts = []
    for reporter in opds:
        report, label = reports.get(("i", indicator.pk, reporter.pk), (None, ""))
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
        parts.append(RecapPart(reporter, report, judgement, reporter in assigned, label))
    shared = shares_one_figure(indicator, parts)
    judgement = (
        row_judgement([p.judgement for p in parts], shared_fact=shared) if parts else judge_indicator(target, None)
    )
    return RecapRow("indikator", indicator, year, target, judgement, parts)


def _activity_row(activity, year: int, reports: dict, lineage: set | None, units) -> RecapRow | None:
    opds = [o for o in units(activity.opds) if lineage is None or o.pk in lineage]
    if not opds:
        return None
    parts = []
    for reporter in opds:
        report, label = reports.get(("a", activity.pk, reporter.pk), (None, ""))
        progress = report.progress if report is not None else None
        judgement = judge_activity(progress, report is not None, activity.planned_semester_2)
        parts.append(RecapPart(reporter, report, judgement, False, label))
    return RecapRow("kegiatan", activity, year, None, worst_judgement([p.judgement for p in parts]), parts)
