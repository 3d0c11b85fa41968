"""Where the roadmap stands in a period: completeness per OPD, achievement per row, area and semester.

Each function loads what it needs in a fixed number of queries and computes in Python, so a
dashboard's query count does not grow with the data.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import cache
from core.formatting import band_note, capaian_text, decimal_text, value_text
from dashboards import rows
from indicators.achievement import (
    Achievement,
    Judgement,
    Measured,
    judge_activity,
    judge_indicator,
    row_judgement,
    worst_judgement,
)
from indicators.targets import TargetView, year_targets
from monev.choices import RowKind, Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea

SUBMITTED_OR_LATER = {Status.SUBMITTED, Status.AWAITING_APPROVAL, Status.VERIFIED}


@dataclass(frozen=True)
class ShownValue:
    """One OPD's realisation as a row prints it (text by core.formatting)."""

    text: str
    verified: bool


# repr=False: a dataclass repr would print the reports, one query each (Django's test client reprs contexts).
@dataclass(repr=False)
class Part:
    """One OPD's result on a row: its report (None: nothing reported, or nothing verified in the recap)."""

    opd: OPD
    report: "rows.ReportView | None"
    judgement: Judgement
    assigned: bool = False  # reports by the Pemda's assignment, not as an OPD the Perbup names
    period_label: str = ""  # annual recap: where the result was reported ("2023/SII")

    @property
    def status(self) -> str:
        return self.judgement.status

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status in SUBMITTED_OR_LATER

    @property
    def verified(self) -> bool:
        return self.report is not None and self.report.status == Status.VERIFIED

    @property
    def met(self) -> bool:
        return self.judgement.status == Achievement.MET


@dataclass(repr=False)
class RowResult:
    """An indicator or a kegiatan with its result: a semester's (`year` None) or a year's (the annual recap).

    The one shape every surface reads: the dashboards' tables and pages, the evaluation report's PDF and
    its Excel. Every printed text is a property here, through core.formatting, so they show the same words.
    """

    kind: RowKind
    row: "rows.IndicatorView | rows.ActivityView"
    target: "TargetView | None"  # raw_text (Perbup text) + value/level (parsed); None for a kegiatan
    parts: list[Part]
    judgement: Judgement
    planned: "Decimal | None" = None  # a kegiatan's planned progress: the semester's, or the year-end's
    decided_by: OPD | None = None  # a co-responsible OPD's view of a regency-wide figure another OPD reported
    year: int | None = None  # the year of an annual recap row; None on a semester's results

    @property
    def status(self) -> str:
        return self.judgement.status

    def get_status_label(self) -> str:
        return str(Achievement(self.status).label)

    @property
    def capaian(self) -> "Decimal | None":
        return self.judgement.capaian

    @property
    def predikat(self) -> str | None:
        return self.judgement.predikat

    @property
    def predikat_label(self) -> str:
        return self.judgement.predikat_label

    @property
    def decisive(self) -> "Part | None":
        """The part whose result decides the row (the weakest): its value, level and data year are the row's."""
        for part in self.parts:
            if part.judgement is self.judgement:
                return part
        return self.parts[0] if self.parts else None

    @property
    def co_responsible(self) -> list[OPD]:
        """On a regency-wide figure decided by one OPD's report: the other OPDs, which share it."""
        if self.decided_by is not None:
            return [part.opd for part in self.parts]
        if self.kind != RowKind.INDIKATOR:
            return []
        return co_responsible(self.row, self.parts, self.decisive)

    @property
    def reason(self) -> str:
        """Why the row has its status: the deciding part's reason, named by its OPD on a shared row."""
        decisive = self.decisive
        opd = self.decided_by or (decisive.opd if decisive is not None and len(self.parts) > 1 else None)
        return with_co_responsible(reason_text(self.judgement, opd), self.co_responsible)

    @property
    def realisations(self) -> list["rows.ReportView"]:
        return [part.report for part in self.parts if part.report is not None]

    @property
    def has_unverified(self) -> bool:
        return any(r.status != Status.VERIFIED for r in self.realisations)

    @property
    def obstacles(self) -> list[str]:
        return [r.obstacles for r in self.realisations if r.obstacles]

    @property
    def _report(self) -> "rows.ReportView | None":
        part = self.decisive
        return part.report if part is not None else None

    @property
    def value(self) -> "Decimal | None":
        """The deciding report's number: a kegiatan's progress, an indicator's value."""
        report = self._report
        if report is None:
            return None
        return report.progress if self.kind == RowKind.KEGIATAN else report.value

    @property
    def level(self):
        return self._report.level if self._report is not None else None

    @property
    def data_years(self) -> list[int]:
        """The tahun data of the values shown: in the recap the deciding report's (its period's year when it
        gave none); on a semester's results every report's."""
        if self.year is None:
            return sorted({r.data_year for r in self.realisations if r.data_year})
        report = self._report
        if report is None or self.kind == RowKind.KEGIATAN:
            return []
        return [report.data_year or self.year]

    @property
    def data_year(self) -> int | None:
        years = self.data_years
        return years[0] if len(years) == 1 else None

    @property
    def target_number(self) -> "Decimal | None":
        """The target as a number: the Perbup's parsed value, a kegiatan's planned progress; None for a level."""
        if self.kind == RowKind.KEGIATAN:
            return self.planned
        return self.target.value if self.target is not None else None

    # -- the texts every surface prints (core.formatting) --------------------------------------------

    @property
    def target_text(self) -> str:
        if self.kind == RowKind.KEGIATAN:
            plan = _("rencana akhir tahun") if self.year is not None else _("rencana semester")
            return f"{self.row.output_target} ({plan} {decimal_text(self.planned)}%)"
        return self.target.raw_text if self.target is not None and self.target.raw_text else "—"

    @property
    def band_note(self) -> str:
        target = self.target
        if target is None or not target.raw_text:
            return ""
        return band_note(target.value, target.level, target.band_conflict)

    @property
    def values(self) -> list[ShownValue]:
        """Each OPD's value: on a semester's results as reported (unverified ones flagged); in the recap the
        verified result with where it was reported ('52 % (2023/SII)', 'BKD, 2023/SI')."""
        if self.year is None:
            return [ShownValue(value_text(r), r.status == Status.VERIFIED) for r in self.realisations]
        shown = []
        for part in self.parts:
            if part.report is None:
                continue
            where = f"{part.opd.short_name}, {part.period_label}" if len(self.parts) > 1 else part.period_label
            text = value_text(part.report).removesuffix(f" (data {part.report.data_year})")
            shown.append(ShownValue(f"{text} ({where})", True))
        return shown

    @property
    def values_text(self) -> str:
        return "; ".join(v.text if v.verified else f"{v.text} ({_('belum diverifikasi')})" for v in self.values) or "—"

    @property
    def data_year_text(self) -> str:
        return ", ".join(str(year) for year in self.data_years) or "—"

    @property
    def capaian_text(self) -> str:
        return capaian_text(self.capaian)

    @property
    def predikat_text(self) -> str:
        return self.predikat_label or "—"

    @property
    def level_text(self) -> str:
        return self.level.code if self.level is not None else ""

    @property
    def opd_names(self) -> str:
        return ", ".join(part.opd.short_name + ("*" if part.assigned else "") for part in self.parts)


@dataclass
class Completeness:
    opd: OPD
    expected: int
    submitted: int = 0
    verified: int = 0
    returned: int = 0
    late: bool = False
    days_late: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.submitted, 0)

    @property
    def percent_submitted(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 100


@dataclass
class AreaSummary:
    area: ChangeArea
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, status: str) -> int:
        return round(100 * self.counts[status] / self.total) if self.total else 0

    @property
    def met_percent(self) -> int:
        return self.percent(Achievement.MET)

    def ordered(self) -> list[tuple[str, str, int]]:
        return ordered_counts(self.counts, include_no_target=False)


def indicator_results(
    period: Period, reports: list, lookups: rows.Lookups, views: list, targets: dict
) -> list[RowResult]:
    """Status per indicator of `views` (rows.indicators) against `targets` (year_targets) in the period."""
    day = rows.period_end(period.year, period.semester)
    by_row = _by_row(reports, "indicator_id", day, lookups)
    results = []
    awaiting = period.semester == 1
    for indicator in views:
        target = targets.get(indicator.pk)
        reported = by_row.get(indicator.pk, {})
        for report in reported.values():
            report.unit = indicator.unit
        opds = lookups.units_on(indicator.opds, day) or sorted(
            (report.opd for report in reported.values()), key=lambda opd: opd.short_name
        )
        assigned = lookups.units_on(indicator.assigned, day)
        parts = []
        for opd in opds:
            report = lookups.report_for(reported, opd, opds)
            judgement = judge_report(indicator, target, report, awaiting=awaiting and indicator.is_annual)
            parts.append(Part(opd, report, judgement, opd in assigned))
        judgement = (
            row_judgement([part.judgement for part in parts], shared_fact=shares_one_figure(indicator, parts))
            if parts
            else judge_indicator(target, None, indicator.direction, awaiting=awaiting and indicator.is_annual)
        )
        results.append(RowResult(RowKind.INDIKATOR, indicator, target, parts, judgement))
    return results


def judge_report(indicator, target, report, *, awaiting: bool = False) -> Judgement:
    """One OPD's report on an indicator, against the target of the report's data year."""
    if report is not None and report.data_year and target is not None:
        target = target.for_year(report.data_year)
    return judge_indicator(
        target,
        _measured(report),
        indicator.direction,
        levels=indicator.levels,
        step=target.step if target is not None else None,
        awaiting=awaiting,
    )


def shares_one_figure(indicator, parts: list) -> bool:
    """Whether the row's OPDs report one figure, so one verified report decides it: the Pemda flagged the
    indicator regency-wide, or charged only OPDs of its own choosing with it (opini BPK)."""
    return getattr(indicator, "regency_wide", False) or (bool(parts) and all(part.assigned for part in parts))


def co_responsible(indicator, parts: list, decisive) -> list[OPD]:
    """The other OPDs of a regency-wide figure once one OPD's report decides it: co-responsible, not missing."""
    if not getattr(indicator, "regency_wide", False) or decisive is None or decisive.judgement is None:
        return []
    if decisive.judgement.status in (Achievement.NO_DATA, Achievement.AWAITING, Achievement.NO_TARGET):
        return []
    return [part.opd for part in parts if part is not decisive]


def with_co_responsible(text: str, opds: list[OPD]) -> str:
    if not opds:
        return text
    names = ", ".join(opd.short_name for opd in opds)
    return f"{text} " + str(_("Angka tingkat kabupaten: %(opds)s turut bertanggung jawab.") % {"opds": names})


def reason_text(judgement: Judgement | None, opd: OPD | None = None) -> str:
    """'Realisasi 52 belum mencapai target 54.' or, on a row several OPDs report, 'Inspektorat: …'."""
    note = judgement.note if judgement is not None else ""
    return f"{opd.short_name}: {note}" if note and opd is not None else note


def activity_results(period: Period, reports: list, lookups: rows.Lookups, views: list) -> list[RowResult]:
    """Status per rencana aksi row of `views` (rows.activities) in the period."""
    day = rows.period_end(period.year, period.semester)
    by_row = _by_row(reports, "activity_id", day, lookups)
    results = []
    for activity in views:
        reported = by_row.get(activity.pk, {})
        planned = activity.planned_progress(period.semester)
        parts = []
        units = lookups.units_on(activity.opds, day)
        for opd in units:
            report = lookups.report_for(reported, opd, units)
            verified = report is not None and report.status == Status.VERIFIED
            judgement = judge_activity(report.progress if report else None, verified, planned)
            parts.append(Part(opd, report, judgement))
        judgement = worst_judgement([p.judgement for p in parts])
        results.append(RowResult(RowKind.KEGIATAN, activity, None, parts, judgement, planned))
    return results


def _by_row(reports: list, row_field: str, day, lookups: rows.Lookups) -> dict[int, dict[int, "rows.ReportView"]]:
    """{row id: {unit id: report}}: each report under the unit its OPD was on `day` (a report keeps its own OPD,
    and so the name the unit had when it reported)."""
    by_row = defaultdict(dict)
    for report in reports:
        if getattr(report, row_field):
            by_row[getattr(report, row_field)][report.opd.unit_on(day, lookups.opds).pk] = report
    return by_row


def _measured(report) -> Measured | None:
    if report is None:
        return None
    return Measured(
        value=report.value,
        rank=report.level.rank if report.level else None,
        verified=report.status == Status.VERIFIED,
        level=report.level,
    )


@dataclass(frozen=True, repr=False)
class PeriodResults:
    """Every report and row status of a period. Shared between requests: read, never modify."""

    reports: list
    indicator_rows: list[RowResult]
    activity_rows: list[RowResult]

    @property
    def all_rows(self) -> list[RowResult]:
        return self.indicator_rows + self.activity_rows


@dataclass(frozen=True, repr=False)
class RowCatalogue:
    """A roadmap year's indicators with their targets and its rencana aksi rows, with responsible OPDs."""

    lookups: rows.Lookups
    indicators: list
    targets: dict
    activities: list


def row_catalogue(period: Period) -> RowCatalogue:
    """The rows every dashboard of the period shows, for the current version of the master data."""

    def load() -> RowCatalogue:
        lookups = rows.Lookups.load()
        return RowCatalogue(
            lookups,
            rows.indicators(period, lookups),
            year_targets(period.roadmap_id, period.year, lookups.levels),
            rows.activities(period, lookups),
        )

    return cache.cached("row-catalogue", [cache.MASTER], load, period.roadmap_id, period.year)


def period_results(period: Period, verified_only: bool = False) -> PeriodResults:
    """The whole period's results (or those of its verified reports only). Computed on each call: unpickling
    a period's results from the cache costs several times more than computing them from the row catalogue
    (which is cached); the pages built from them are shared as fragments (accounts/templatetags)."""
    catalogue = row_catalogue(period)
    lookups = catalogue.lookups
    reports = rows.reports(period, lookups, verified_only=verified_only)
    return PeriodResults(
        reports,
        indicator_results(period, reports, lookups, catalogue.indicators, catalogue.targets),
        activity_results(period, reports, lookups, catalogue.activities),
    )


def only(results: list[RowResult], row_ids: set[int], opd: OPD | None = None) -> list[RowResult]:
    """Rows among `row_ids`; with `opd`, new row objects holding only that OPD's part, or those of the units
    renamed or merged into it (in a period before the change), whose reports keep their own name."""
    chosen = [result for result in results if result.row.pk in row_ids]
    if opd is None:
        return chosen
    lineage = set(opd.lineage_ids)
    narrowed = []
    for result in chosen:
        parts = [part for part in result.parts if part.opd.pk in lineage]
        if result.kind == RowKind.INDIKATOR and any(o.pk in lineage for o in result.co_responsible):
            # a regency-wide figure another OPD's report decided: the OPD shares that result, not a gap
            decided_by = result.decisive.opd
            narrowed.append(replace(result, parts=parts, decided_by=decided_by))
            continue
        judgement = parts[0].judgement if parts else result.judgement
        narrowed.append(replace(result, parts=parts, judgement=judgement))
    return narrowed


def completeness(period: Period, rows: list[RowResult]) -> list[Completeness]:
    """Expected vs submitted vs verified reports per OPD (who is late)."""
    per_opd: dict[int, Completeness] = {}
    late = timezone.localdate() > period.deadline
    for result in rows:
        not_due = period.semester == 1 and result.kind == RowKind.INDIKATOR and result.row.is_annual
        sharing = {opd.pk for opd in result.co_responsible}
        for part in result.parts:
            if not_due and part.report is None:
                continue  # an annual result not yet due in Semester I is not a missing report
            if part.opd.pk in sharing and part.report is None:
                continue  # another OPD's report of the regency-wide figure decided the row

            entry = per_opd.setdefault(part.opd.pk, Completeness(part.opd, 0))
            entry.expected += 1
            if part.report is None:
                continue
            status = part.report.status
            entry.submitted += status in SUBMITTED_OR_LATER
            entry.verified += status == Status.VERIFIED
            entry.returned += status == Status.RETURNED
    for entry in per_opd.values():
        entry.late = late and entry.missing > 0
        entry.days_late = (timezone.localdate() - period.deadline).days if entry.late else 0
    return sorted(per_opd.values(), key=lambda entry: (-entry.missing, entry.opd.short_name))


def area_summaries(activity_rows: list[RowResult]) -> list[AreaSummary]:
    summaries: dict[int, AreaSummary] = {}
    for result in activity_rows:
        area = result.row.area
        summaries.setdefault(area.pk, AreaSummary(area)).counts[result.status] += 1
    return sorted(summaries.values(), key=lambda summary: summary.area.number)


def ordered_counts(counts: Counter, include_no_target: bool = True) -> list[tuple[str, str, int]]:
    """(status, label, count) in the order the dashboards show them."""
    return [
        (status.value, str(status.label), counts[status])
        for status in ACHIEVEMENT_ORDER
        if include_no_target or status != Achievement.NO_TARGET
    ]


def status_counts(rows: list[RowResult]) -> Counter:
    return Counter(result.status for result in rows)


@dataclass
class TrendPoint:
    period: Period
    expected: int
    submitted: int
    verified: int
    met: int

    def percent(self, count: int) -> float:
        return round(100 * count / self.expected, 1) if self.expected else 0.0


def expected_reports(indicator_rows: list[RowResult], activity_rows: list[RowResult]) -> int:
    """Reports one semester should bring: one per responsible OPD of every row."""
    indicator_parts = sum(len(result.row.responsible_opds()) for result in indicator_rows)
    return indicator_parts + sum(len(result.parts) for result in activity_rows)


def trend(periods: list[Period], expected: int) -> list[TrendPoint]:
    """Per semester: reports expected, submitted, verified, and verified kegiatan on plan (counted in SQL)."""
    verified = Q(status=Status.VERIFIED)
    on_plan = Q(period__semester=1, progress__gte=F("activity__planned_semester_1")) | Q(
        period__semester=2, progress__gte=F("activity__planned_semester_2")
    )
    counts = {
        row["period_id"]: row
        for row in Realisation.objects.filter(period__in=periods)
        .order_by()  # Meta.ordering would join the period and OPD tables to every report
        .values("period_id")
        .annotate(
            submitted=Count("pk", filter=Q(status__in=SUBMITTED_OR_LATER)),
            verified=Count("pk", filter=verified),
            met=Count("pk", filter=verified & on_plan),
        )
    }
    empty = {"submitted": 0, "verified": 0, "met": 0}
    return [
        TrendPoint(p, expected, **{key: counts.get(p.pk, empty)[key] for key in ("submitted", "verified", "met")})
        for p in periods
    ]


ACHIEVEMENT_ORDER = [
    Achievement.MET,
    Achievement.NEARLY,
    Achievement.NOT_MET,
    Achievement.UNJUDGEABLE,
    Achievement.AWAITING,
    Achievement.NO_DATA,
    Achievement.NO_TARGET,
]
