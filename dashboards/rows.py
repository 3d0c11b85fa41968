"""Light read models for the dashboards and reports: rows and reports loaded with .values().

At ten times the real data a dashboard touches thousands of rows; building full model instances
(with their related objects) for each cost most of the page's time. These small objects carry just
what the pages and reports show, from a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Value

from actionplan.models import Activity, ActivityOPD
from indicators.models import Indicator, IndicatorOPD, Periodicity, ReportingAssignment, ScaleLevel
from indicators.targets import scale_levels
from monev.choices import Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea, FocusItem, FocusItemOPD


@dataclass(frozen=True)
class FocusItemView:
    pk: int
    section_code: str
    title: str


@dataclass(repr=False)
class IndicatorView:
    pk: int
    name: str
    sasaran: str
    focus_item: FocusItemView
    direction: str
    scale_id: int | None
    unit: str
    opds: list[OPD] = field(default_factory=list)  # the Perbup's, then the Pemda's assignments
    assigned: list[OPD] = field(default_factory=list)  # the Pemda's assignments (not the Perbup's)
    periodicity: str = Periodicity.SEMESTER
    levels: list[ScaleLevel] = field(default_factory=list)
    scale_name: str = ""
    regency_wide: bool = False  # the Pemda's decision: one figure for the Kabupaten, one report decides

    def responsible_opds(self) -> list[OPD]:
        return self.opds

    @property
    def unit_label(self) -> str:
        """As indicators.models.Indicator.unit_label: the unit, or the scale's name."""
        return self.unit or self.scale_name

    @property
    def is_annual(self) -> bool:
        return self.periodicity == Periodicity.ANNUAL


@dataclass(repr=False)
class ActivityView:
    pk: int
    area: ChangeArea
    order: int
    subprogram_no: int | None
    subprogram: str
    letter: str
    kegiatan: str
    output_target: str
    source_line: int | None
    origin: str
    continuation: bool
    inferred: dict
    planned_semester_1: Decimal = Decimal(50)
    planned_semester_2: Decimal = Decimal(100)
    opds: list[OPD] = field(default_factory=list)

    def planned_progress(self, semester: int) -> Decimal:
        return self.planned_semester_1 if semester == 1 else self.planned_semester_2

    @property
    def is_opd_addition(self) -> bool:
        return self.origin == Activity.Origin.OPD_ADDITION

    @property
    def reference(self) -> str:
        return Activity.format_reference(self.area.number, self.subprogram_no, self.letter, self.continuation)


@dataclass(repr=False)
class ReportView:
    """One OPD's report as the dashboards show it."""

    pk: int
    opd: OPD
    activity_id: int | None
    indicator_id: int | None
    status: str
    value: Decimal | None
    progress: Decimal | None
    level: ScaleLevel | None
    obstacles: str
    data_year: int | None = None
    unit: str = ""
    evidence_count: int = 0

    def get_absolute_url(self) -> str:
        return Realisation.url_for(self.pk)

    def get_status_display(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class Lookups:
    """The small tables every row refers to, loaded once per page."""

    opds: dict[int, OPD]
    levels: dict[int, ScaleLevel]
    areas: dict[int, ChangeArea]

    @classmethod
    def load(cls) -> "Lookups":
        return cls(OPD.objects.in_bulk(), ScaleLevel.objects.in_bulk(), ChangeArea.objects.in_bulk())

    def units_on(self, opds: list[OPD], day: date) -> list[OPD]:
        """The units carrying `opds`' work on `day` (a renamed or merged OPD's successor), each once, in order."""
        units: list[OPD] = []
        for opd in opds:
            unit = opd.unit_on(day, self.opds)
            if unit not in units:
                units.append(unit)
        return units

    def report_for(self, reported: dict, unit: OPD, units: list[OPD]):
        """The report standing for `unit`'s part: its own, else (a late report for a period that ended before a
        reorganisation) the report of the unit it became, unless that unit has a part of its own."""
        report = reported.get(unit.pk)
        if report is None:
            final = unit.unit_on(date.max, self.opds)
            if final not in units:
                report = reported.get(final.pk)
        return report


def period_end(year: int, semester: int) -> date:
    """The last day of a semester: the unit that existed then is the one its reports speak for."""
    return date(year, 6, 30) if semester == 1 else date(year, 12, 31)


REPORT_FIELDS = (
    "pk",
    "opd_id",
    "activity_id",
    "indicator_id",
    "status",
    "value",
    "progress",
    "level_id",
    "obstacles",
    "data_year",
)


def reports(
    period: Period,
    lookups: Lookups,
    *,
    opd: OPD | None = None,
    area: ChangeArea | None = None,
    evidence: bool = False,
    verified_only: bool = False,
) -> list[ReportView]:
    queryset = Realisation.objects.filter(period=period)
    if opd is not None:
        queryset = queryset.filter(opd__in=opd.lineage_ids)
    if area is not None:
        queryset = queryset.filter(activity__area=area)
    if verified_only:
        queryset = queryset.filter(status=Status.VERIFIED)
    fields = REPORT_FIELDS
    if evidence:
        queryset = queryset.annotate(evidence_count=Count("evidence", filter=Q(evidence__removed_at__isnull=True)))
        fields = (*REPORT_FIELDS, "evidence_count")
    opds, levels = lookups.opds, lookups.levels
    return [
        ReportView(
            pk=row["pk"],
            opd=opds[row["opd_id"]],
            activity_id=row["activity_id"],
            indicator_id=row["indicator_id"],
            status=row["status"],
            value=row["value"],
            progress=row["progress"],
            level=levels.get(row["level_id"]),
            obstacles=row["obstacles"],
            data_year=row["data_year"],
            evidence_count=row.get("evidence_count", 0),
        )
        for row in queryset.order_by("pk").values(*fields)  # not Meta.ordering: it joins four tables to sort
    ]


def _roadmap_indicators(period: Period) -> QuerySet[Indicator]:
    return Indicator.objects.filter(focus_item__priority__roadmap_id=period.roadmap_id)


def indicators(period: Period, lookups: Lookups) -> list[IndicatorView]:
    """The roadmap's indicators with their responsible OPDs."""
    queryset = _roadmap_indicators(period)
    rows = list(
        queryset.order_by("focus_item__priority__number", "focus_item__code", "order").values(
            "pk",
            "name",
            "sasaran",
            "focus_item_id",
            "direction",
            "scale_id",
            "unit",
            "periodicity",
            "scale__name",
            "regency_wide",
        )
    )
    opds = lookups.opds
    items = {
        item["pk"]: FocusItemView(item["pk"], f"{item['priority__number']}.{item['code']}", item["title"])
        for item in FocusItem.objects.values("pk", "code", "title", "priority__number")
    }
    row_opds, section_opds, assigned_opds = _indicator_links(queryset, opds)
    views = []
    for row in rows:
        perbup = row_opds.get(row["pk"]) or section_opds.get(row["focus_item_id"], [])
        assigned = [opd for opd in assigned_opds.get(row["pk"], []) if opd not in perbup]
        views.append(
            IndicatorView(
                pk=row["pk"],
                name=row["name"],
                sasaran=row["sasaran"],
                focus_item=items[row["focus_item_id"]],
                direction=row["direction"],
                scale_id=row["scale_id"],
                unit=row["unit"],
                scale_name=row["scale__name"] or "",
                opds=perbup + assigned,
                assigned=assigned,
                periodicity=row["periodicity"],
                levels=scale_levels(lookups.levels, row["scale_id"]),
                regency_wide=row["regency_wide"],
            )
        )
    return views


def _indicator_links(indicators: QuerySet, opds: dict[int, OPD]) -> tuple[dict, dict, dict]:
    """The Perbup's row and section OPDs and the Pemda's assignments, in one UNION query."""
    owners = indicators.values("pk")
    kinds = ("row", "section", "assigned")
    parts = [
        IndicatorOPD.objects.filter(indicator__in=owners)
        .annotate(kind=Value(0))
        .values_list("indicator_id", "position", "opd_id", "kind"),
        FocusItemOPD.objects.annotate(kind=Value(1)).values_list("focus_item_id", "position", "opd_id", "kind"),
        ReportingAssignment.objects.filter(indicator__in=owners)
        .annotate(kind=Value(2))
        .values_list("indicator_id", "position", "opd_id", "kind"),
    ]
    links = {kind: defaultdict(list) for kind in kinds}
    for owner_id, _position, opd_id, kind in sorted(
        parts[0].order_by().union(*(p.order_by() for p in parts[1:]), all=True)
    ):
        links[kinds[kind]][owner_id].append(opds[opd_id])
    return links["row"], links["section"], links["assigned"]


def activities(period: Period, lookups: Lookups, area: ChangeArea | None = None) -> list[ActivityView]:
    """The roadmap's rencana aksi rows (or an area's) with their responsible OPDs."""
    queryset = Activity.objects.filter(area__roadmap_id=period.roadmap_id)
    if area is not None:
        queryset = queryset.filter(area=area)
    rows = list(
        queryset.order_by("area__number", "order").values(
            "pk",
            "area_id",
            "order",
            "subprogram_no",
            "subprogram",
            "letter",
            "kegiatan",
            "output_target",
            "source_line",
            "origin",
            "continuation",
            "inferred",
            "planned_semester_1",
            "planned_semester_2",
        )
    )
    # A subquery, not thousands of ids as parameters
    links = ActivityOPD.objects.filter(activity__in=queryset.values("pk"))
    opds = _links(links, "activity_id", lookups.opds)
    return [ActivityView(area=lookups.areas[row.pop("area_id")], opds=opds.get(row["pk"], []), **row) for row in rows]


def _links(queryset, owner: str, opds: dict[int, OPD]) -> dict[int, list[OPD]]:
    links = defaultdict(list)
    for owner_id, opd_id in queryset.order_by(owner, "position").values_list(owner, "opd_id"):
        links[owner_id].append(opds[opd_id])
    return links
