"""The verified monitoring evidence beside each worksheet sub-area, for one assessment year."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils.text import Truncator

from actionplan.models import Activity
from core.formatting import value_text
from indicators.models import ScaleLevel
from monev.choices import Status
from monev.models import Period, Realisation
from pmprb.models import Assessment, LkeArea, SubAreaMapping

SHORT_TEXT = 90  # characters of a kegiatan shown beside a sub-area
ROWS_PER_SUBAREA = 15  # the first rows of each mapped sub-program; all of them are on the area dashboard


@dataclass(repr=False)
class VerifiedReport:
    """One verified report of the year as the evidence column shows it. Its link and value text are made when
    the read model is computed, not for every request: an area's column lists a hundred reports."""

    pk: int
    label: str  # "2023/SI Inspektorat"
    value: Decimal | None
    progress: Decimal | None
    level: ScaleLevel | None
    evidence_count: int
    url: str = ""
    shown: str = ""  # core.formatting.value_text
    unit: str = ""


@dataclass(repr=False)
class EvidenceRow:
    reference: str
    text: str
    short_text: str  # the first SHORT_TEXT characters, cut once when the read model is computed
    reports: list[VerifiedReport] = field(default_factory=list)


def evidence_by_subarea(assessment: Assessment, area: LkeArea | None = None) -> dict[int, list[EvidenceRow]]:
    """subarea id -> the first rencana aksi rows of its mapped sub-programs, each with its verified reports.

    Four queries whatever the data: the mappings, the first rows of every mapped sub-program (one
    window query), the scale levels, and the verified reports of the year on those rows with their
    evidence counts.
    """
    mappings = SubAreaMapping.objects.filter(subarea__area__component__version=assessment.version)
    if area is not None:
        mappings = mappings.filter(subarea__area=area)
    mappings = list(mappings.values_list("subarea_id", "area_number", "subprogram_no"))  # in Meta.ordering
    rows_by_subprogram = _first_rows({(number, subprogram) for _subarea, number, subprogram in mappings})
    rows = {pk: row for shown in rows_by_subprogram.values() for pk, row in shown}
    for activity_id, report in _verified_reports(assessment.year, list(rows)):
        rows[activity_id].reports.append(report)
    result = defaultdict(list)
    for subarea_id, number, subprogram in mappings:
        result[subarea_id] += [row for _pk, row in rows_by_subprogram.get((number, subprogram), [])]
    return result


def _first_rows(subprograms: set[tuple[int, int]]) -> dict[tuple, list[tuple[int, EvidenceRow]]]:
    if not subprograms:
        return {}
    wanted = Q()
    for number, subprogram in subprograms:
        wanted |= Q(area__number=number, subprogram_no=subprogram)
    ranked = (
        Activity.objects.filter(wanted)
        .annotate(place=Window(RowNumber(), partition_by=[F("area__number"), F("subprogram_no")], order_by="order"))
        .filter(place__lte=ROWS_PER_SUBAREA)
        .order_by("area__number", "subprogram_no", "order")
        .values_list("pk", "area__number", "subprogram_no", "letter", "continuation", "kegiatan", "output_target")
    )
    result = defaultdict(list)
    for pk, number, subprogram, letter, continuation, kegiatan, output_target in ranked:
        reference = Activity.format_reference(number, subprogram, letter, continuation)
        text = kegiatan or output_target
        result[(number, subprogram)].append((pk, EvidenceRow(reference, text, Truncator(text).chars(SHORT_TEXT))))
    return result


def _verified_reports(year: int, activity_ids: list[int]) -> list[tuple[int, VerifiedReport]]:
    levels = ScaleLevel.objects.in_bulk()
    verified = (
        Realisation.objects.filter(activity_id__in=activity_ids, period__year=year, status=Status.VERIFIED)
        .annotate(evidence_count=Count("evidence", filter=Q(evidence__removed_at__isnull=True)))
        .order_by("period__semester", "opd__short_name")
        .values_list(
            "activity_id",
            "pk",
            "period__year",
            "period__semester",
            "opd__short_name",
            "value",
            "progress",
            "level_id",
            "evidence_count",
        )
    )
    reports = []
    for activity_id, pk, period_year, semester, opd, value, progress, level_id, evidence_count in verified:
        label = f"{Period.format_short_label(period_year, semester)} {opd}"
        report = VerifiedReport(pk, label, value, progress, levels.get(level_id), evidence_count)
        report.url, report.shown = Realisation.url_for(pk), value_text(report)
        reports.append((activity_id, report))
    return reports
