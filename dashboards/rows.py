"""Light read models for the dashboards and reports: rows and reports loaded with .values().

At ten times the real data a dashboard touches thousands of rows; building full model instances
(with their related objects) for each cost most of the page's time. These small objects carry just
what the pages and reports show, from a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet

from actionplan.models import Activity, ActivityOPD
from indicators.models import Indicator, IndicatorOPD, ScaleLevel, Target
from monev.choices import Status
from monev.models import Period, Realisation
from roadmap.models import OPD, ChangeArea, FocusItem, FocusItemOPD


@dataclass(frozen=True)
class FocusItemView:
    pk: int
    section_code: str
    title: str


@dataclass(frozen=True)
class TargetView:
    raw_text: str | None
    value: Decimal | None
    level: ScaleLevel | None

    @property
    def level_rank(self) -> int | None:
        return self.level.rank if self.level else None


@dataclass(repr=False)
class IndicatorView:
    pk: int
    name: str
    sasaran: str
    focus_item: FocusItemView
    direction: str
    scale_id: int | None
    unit: str
    opds: list[OPD] = field(default_factory=list)

    def responsible_opds(self) -> list[OPD]:
        return self.opds


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
    opds: list[OPD] = field(default_factory=list)

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


REPORT_FIELDS = ("pk", "opd_id", "activity_id", "indicator_id", "status", "value", "progress", "level_id", "obstacles")


def reports(period: Period, lookups: Lookups, *, opd: OPD | None = None, area: ChangeArea | None = None,
            evidence: bool = False, verified_only: bool = False) -> list[ReportView]:  # fmt: skip
    queryset = Realisation.objects.filter(period=period)
    if opd is not None:
        queryset = queryset.filter(opd=opd)
    if area is not None:
        queryset = queryset.filter(activity__area=area)
    if verified_only:
        queryset = queryset.filter(status=Status.VERIFIED)
    fields = REPORT_FIELDS
    if evidence:
        queryset = queryset.annotate(evidence_count=Count("evidence"))
        fields = (*REPORT_FIELDS, "evidence_count")
    opds, levels = lookups.opds, lookups.levels
    return [
        ReportView(
            pk=row["pk"], opd=opds[row["opd_id"]], activity_id=row["activity_id"], indicator_id=row["indicator_id"],
            status=row["status"], value=row["value"], progress=row["progress"], level=levels.get(row["level_id"]),
            obstacles=row["obstacles"], evidence_count=row.get("evidence_count", 0),
        )
        for row in queryset.order_by("pk").values(*fields)  # not Meta.ordering: it joins four tables to sort
    ]  # fmt: skip


def _roadmap_indicators(period: Period) -> QuerySet[Indicator]:
    return Indicator.objects.filter(focus_item__priority__roadmap_id=period.roadmap_id)


def indicators(period: Period, lookups: Lookups) -> list[IndicatorView]:
    """The roadmap's indicators with their responsible OPDs."""
    queryset = _roadmap_indicators(period)
    rows = list(
        queryset.order_by("focus_item__priority__number", "focus_item__code", "order").values(
            "pk", "name", "sasaran", "focus_item_id", "direction", "scale_id", "unit"
        )
    )
    opds = lookups.opds
    items = {
        item["pk"]: FocusItemView(item["pk"], f"{item['priority__number']}.{item['code']}", item["title"])
        for item in FocusItem.objects.values("pk", "code", "title", "priority__number")
    }
    row_opds = _links(IndicatorOPD.objects.filter(indicator__in=queryset.values("pk")), "indicator_id", opds)
    section_opds = _links(FocusItemOPD.objects.all(), "focus_item_id", opds)
    return [
        IndicatorView(
            pk=row["pk"], name=row["name"], sasaran=row["sasaran"], focus_item=items[row["focus_item_id"]],
            direction=row["direction"], scale_id=row["scale_id"], unit=row["unit"],
            opds=row_opds.get(row["pk"]) or section_opds.get(row["focus_item_id"], []),
        )
        for row in rows
    ]  # fmt: skip


def year_targets(period: Period, lookups: Lookups) -> dict[int, TargetView]:
    """The target of the period's year of every indicator of the roadmap."""
    levels = lookups.levels
    indicators = _roadmap_indicators(period).values("pk")
    return {
        row["indicator_id"]: TargetView(row["raw_text"], row["value"], levels.get(row["level_id"]))
        for row in Target.objects.filter(year=period.year, indicator__in=indicators).values(
            "indicator_id", "raw_text", "value", "level_id"
        )
    }


def activities(period: Period, lookups: Lookups, area: ChangeArea | None = None) -> list[ActivityView]:
    """The roadmap's rencana aksi rows (or an area's) with their responsible OPDs."""
    queryset = Activity.objects.filter(area__roadmap_id=period.roadmap_id)
    if area is not None:
        queryset = queryset.filter(area=area)
    rows = list(
        queryset.order_by("area__number", "order").values(
            "pk", "area_id", "order", "subprogram_no", "subprogram", "letter", "kegiatan", "output_target",
            "source_line", "origin", "continuation", "inferred",
        )
    )  # fmt: skip
    # A subquery, not thousands of ids as parameters
    links = ActivityOPD.objects.filter(activity__in=queryset.values("pk"))
    opds = _links(links, "activity_id", lookups.opds)
    return [ActivityView(area=lookups.areas[row.pop("area_id")], opds=opds.get(row["pk"], []), **row) for row in rows]


def _links(queryset, owner: str, opds: dict[int, OPD]) -> dict[int, list[OPD]]:
    links = defaultdict(list)
    for owner_id, opd_id in queryset.order_by(owner, "position").values_list(owner, "opd_id"):
        links[owner_id].append(opds[opd_id])
    return links
