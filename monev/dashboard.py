"""Where the roadmap stands in a period: completeness per OPD, achievement per row, area and semester.

Each function loads what it needs in a fixed number of queries and computes in Python, so a
dashboard's query count does not grow with the data.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from actionplan.models import Activity
from indicators.models import Indicator, Target
from monev.achievement import Achievement, Measured, activity_status, indicator_status, worst
from monev.choices import Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea

SUBMITTED_OR_LATER = {Status.SUBMITTED, Status.AWAITING_APPROVAL, Status.VERIFIED}


# repr=False: a dataclass repr would print the reports, one query each (Django's test client reprs contexts).
@dataclass(repr=False)
class Part:
    """One OPD's report on a row."""

    opd: OPD
    realisation: Realisation | None
    status: str


@dataclass(repr=False)
class RowResult:
    kind: str  # "indikator" | "kegiatan"
    row: Indicator | Activity
    target: Target | None
    parts: list[Part]
    status: str

    def get_status_label(self) -> str:
        return str(Achievement(self.status).label)

    @property
    def realisations(self) -> list[Realisation]:
        return [part.realisation for part in self.parts if part.realisation is not None]

    @property
    def has_unverified(self) -> bool:
        return any(r.status != Status.VERIFIED for r in self.realisations)

    @property
    def obstacles(self) -> list[str]:
        return [r.obstacles for r in self.realisations if r.obstacles]


@dataclass
class Completeness:
    opd: OPD
    expected: int
    submitted: int = 0
    verified: int = 0
    returned: int = 0
    late: bool = False

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


def period_realisations(period: Period, opd: OPD | None = None) -> list[Realisation]:
    queryset = Realisation.objects.filter(period=period).select_related("opd", "level", "indicator")
    if opd is not None:
        queryset = queryset.filter(opd=opd)
    return list(queryset)


def indicators_with_year_targets(period: Period):
    return (
        Indicator.objects.filter(focus_item__priority__roadmap_id=period.roadmap_id)
        .select_related("focus_item__priority", "scale")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.filter(year=period.year).select_related("level"),
                     to_attr="year_targets"),
            "opd_links__opd",
            "focus_item__opd_links__opd",
        )
    )  # fmt: skip


def indicator_results(period: Period, realisations: list[Realisation], indicators=None) -> list[RowResult]:
    by_row = defaultdict(dict)
    for realisation in realisations:
        if realisation.indicator_id:
            by_row[realisation.indicator_id][realisation.opd_id] = realisation
    results = []
    for indicator in indicators if indicators is not None else indicators_with_year_targets(period):
        target = indicator.year_targets[0] if indicator.year_targets else None
        reported = by_row.get(indicator.pk, {})
        opds = indicator.responsible_opds() or [r.opd for r in reported.values()]
        parts = []
        for opd in opds:
            realisation = reported.get(opd.pk)
            measured = _measured(realisation)
            parts.append(Part(opd, realisation, indicator_status(target, measured, indicator.direction)))
        if parts:
            status = worst([part.status for part in parts])
        else:
            status = indicator_status(target, None, indicator.direction)
        results.append(RowResult("indikator", indicator, target, parts, status))
    return results


def activity_results(period: Period, realisations: list[Realisation], activities=None) -> list[RowResult]:
    by_row = defaultdict(dict)
    for realisation in realisations:
        if realisation.activity_id:
            by_row[realisation.activity_id][realisation.opd_id] = realisation
    if activities is None:
        activities = (
            Activity.objects.filter(area__roadmap_id=period.roadmap_id)
            .select_related("area")
            .prefetch_related("opd_links__opd")
            .order_by("area__number", "order")
        )
    results = []
    for activity in activities:
        reported = by_row.get(activity.pk, {})
        parts = []
        for link in activity.opd_links.all():
            realisation = reported.get(link.opd_id)
            verified = realisation is not None and realisation.status == Status.VERIFIED
            status = activity_status(realisation.progress if realisation else None, verified)
            parts.append(Part(link.opd, realisation, status))
        results.append(RowResult("kegiatan", activity, None, parts, worst([p.status for p in parts])))
    return results


def _measured(realisation: Realisation | None) -> Measured | None:
    if realisation is None:
        return None
    return Measured(
        value=realisation.value,
        rank=realisation.level.rank if realisation.level_id else None,
        verified=realisation.status == Status.VERIFIED,
    )


def completeness(period: Period, rows: list[RowResult]) -> list[Completeness]:
    """Expected vs submitted vs verified reports per OPD (who is late)."""
    per_opd: dict[int, Completeness] = {}
    late = timezone.localdate() > period.deadline
    for result in rows:
        for part in result.parts:
            entry = per_opd.setdefault(part.opd.pk, Completeness(part.opd, 0))
            entry.expected += 1
            if part.realisation is None:
                continue
            status = part.realisation.status
            entry.submitted += status in SUBMITTED_OR_LATER
            entry.verified += status == Status.VERIFIED
            entry.returned += status == Status.RETURNED
    for entry in per_opd.values():
        entry.late = late and entry.missing > 0
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
    """Per semester: reports expected, submitted, verified, and verified kegiatan at 100 %."""
    counts = defaultdict(Counter)
    rows = Realisation.objects.filter(period__in=periods).values("period_id", "status", "progress")
    for row in rows.iterator():
        bucket = counts[row["period_id"]]
        bucket["submitted"] += row["status"] in SUBMITTED_OR_LATER
        bucket["verified"] += row["status"] == Status.VERIFIED
        bucket["met"] += row["status"] == Status.VERIFIED and (row["progress"] or Decimal(0)) >= 100
    return [
        TrendPoint(p, expected, counts[p.pk]["submitted"], counts[p.pk]["verified"], counts[p.pk]["met"])
        for p in periods
    ]


ACHIEVEMENT_ORDER = [
    Achievement.MET,
    Achievement.NEARLY,
    Achievement.NOT_MET,
    Achievement.NO_DATA,
    Achievement.NO_TARGET,
]
