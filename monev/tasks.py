"""The rows an OPD reports on in a period, with their targets, last values and statuses."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from actionplan.models import Activity
from indicators.models import Indicator, ReportingAssignment, Target
from monev.choices import NOT_STARTED, NOT_STARTED_LABEL, RowKind, Status
from monev.models import Period, Realisation
from roadmap.models import OPD


@dataclass
class TaskRow:
    kind: RowKind
    row: Activity | Indicator
    target_text: str
    realisation: Realisation | None
    last: Realisation | None
    url: str
    assigned: bool = False  # an indicator the OPD reports by the Pemda's assignment, not the Perbup
    planned: Decimal | None = None  # a kegiatan's planned progress by the end of the semester
    awaiting: bool = False  # an annual indicator in Semester I: its result is usually not out yet

    @property
    def status(self) -> str:
        return self.realisation.status if self.realisation else NOT_STARTED

    @property
    def status_label(self) -> str:
        return self.realisation.get_status_display() if self.realisation else NOT_STARTED_LABEL


def task_rows(opd: OPD, period: Period) -> list[TaskRow]:
    activities = (
        Activity.objects.for_opd(opd)
        .in_roadmap(period.roadmap_id)
        .select_related("area")
        .order_by("area__number", "order")
    )
    indicators = (
        Indicator.objects.for_opd(opd)
        .in_roadmap(period.roadmap_id)
        .select_related("focus_item__priority", "scale")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.filter(year=period.year), to_attr="year_targets"))
        .annotate(assigned=Exists(ReportingAssignment.objects.filter(indicator=OuterRef("pk"), opd=opd)))
        .order_by("focus_item__priority__number", "focus_item__code", "order")
    )
    current, last = _realisations_by_row(opd, period)
    rows = [
        TaskRow(
            RowKind.KEGIATAN,
            activity,
            activity.output_target,
            current.get(("a", activity.pk)),
            last.get(("a", activity.pk)),
            reverse("monev:report_row", args=[period.pk, RowKind.KEGIATAN, activity.pk]),
            planned=activity.planned_progress(period.semester),
        )
        for activity in activities
    ]
    for indicator in indicators:
        target = indicator.year_targets[0] if indicator.year_targets else None
        rows.append(
            TaskRow(
                RowKind.INDIKATOR,
                indicator,
                (target.raw_text if target else None) or "—",
                current.get(("i", indicator.pk)),
                last.get(("i", indicator.pk)),
                reverse("monev:report_row", args=[period.pk, RowKind.INDIKATOR, indicator.pk]),
                assigned=indicator.assigned,
                awaiting=indicator.is_annual and period.semester == 1,
            )
        )
    return rows


def reported_row(opd: OPD, period: Period, kind: str, row_id: int) -> tuple[Activity | None, Indicator | None] | None:
    """The row `row_id` of `kind` that the OPD reports on in the period's roadmap, as (activity, indicator):
    one of the two is the row. None for any other row, kind or id."""
    try:
        if kind == RowKind.KEGIATAN:
            activities = Activity.objects.for_opd(opd).in_roadmap(period.roadmap_id)
            return activities.select_related("area").get(pk=row_id), None
        if kind == RowKind.INDIKATOR:
            indicators = Indicator.objects.for_opd(opd).in_roadmap(period.roadmap_id)
            return None, indicators.select_related("focus_item__priority", "scale").get(pk=row_id)
    except (Activity.DoesNotExist, Indicator.DoesNotExist):
        return None
    return None


def _realisations_by_row(opd: OPD, period: Period) -> tuple[dict, dict]:
    """This period's report per row, and the latest report of an earlier period per row.

    One query returning at most two reports per row (the newest two up to this period), not the
    OPD's whole history.
    """
    up_to_now = Q(period__year__lt=period.year) | Q(period__year=period.year, period__semester__lte=period.semester)
    newest_first = Window(
        RowNumber(),
        partition_by=[F("activity_id"), F("indicator_id")],
        order_by=[F("period__year").desc(), F("period__semester").desc()],
    )
    newest_two = (
        Realisation.objects.filter(up_to_now, opd__in=opd.lineage_ids, period__roadmap_id=period.roadmap_id)
        .annotate(place=newest_first)
        .filter(place__lte=2)
        .select_related("period", "level", "indicator")
        .order_by("place")
    )
    current: dict = {}
    last: dict = {}
    for realisation in newest_two:
        key = ("a", realisation.activity_id) if realisation.activity_id else ("i", realisation.indicator_id)
        if realisation.period_id == period.pk:
            current[key] = realisation
        elif key not in last:
            last[key] = realisation
    return current, last


def summarise(rows: list[TaskRow]) -> dict:
    counts = Counter(row.status for row in rows)
    return {
        "total": len(rows),
        "not_started": counts[NOT_STARTED],
        "draft": counts[Status.DRAFT],
        "submitted": counts[Status.SUBMITTED] + counts[Status.AWAITING_APPROVAL],
        "awaiting_approval": counts[Status.AWAITING_APPROVAL],
        "awaiting_verification": counts[Status.SUBMITTED],
        "verified": counts[Status.VERIFIED],
        "returned": counts[Status.RETURNED],
        "draft_only": counts[Status.DRAFT],
    }
