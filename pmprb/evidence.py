"""The verified monitoring evidence beside each worksheet sub-area, for one assessment year."""

from collections import defaultdict

from django.db.models import Count

from actionplan.models import Activity
from monev.choices import Status
from monev.models import Realisation
from pmprb.models import Assessment, LkeArea, SubAreaMapping

ROWS_PER_SUBAREA = 15  # the first rows of each mapped sub-program; all of them are on the area dashboard


def evidence_by_subarea(assessment: Assessment, area: LkeArea | None = None) -> dict[int, list[dict]]:
    """subarea id -> [{activity, reports: [verified realisations of the year with evidence_count]}]."""
    mappings = SubAreaMapping.objects.filter(subarea__area__component__version=assessment.version)
    if area is not None:
        mappings = mappings.filter(subarea__area=area)
    activities_by_mapping = {
        mapping: list(
            Activity.objects.filter(area__number=mapping.area_number, subprogram_no=mapping.subprogram_no)
            .select_related("area")
            .order_by("order")[:ROWS_PER_SUBAREA]
        )
        for mapping in mappings
    }
    shown = [activity for activities in activities_by_mapping.values() for activity in activities]
    reports = defaultdict(list)
    verified = (
        Realisation.objects.filter(activity__in=shown, period__year=assessment.year, status=Status.VERIFIED)
        .select_related("period", "opd")
        .annotate(evidence_count=Count("evidence"))
        .order_by("period__semester")
    )
    for realisation in verified:
        reports[realisation.activity_id].append(realisation)
    result = defaultdict(list)
    for mapping, activities in activities_by_mapping.items():
        result[mapping.subarea_id] += [
            {"activity": activity, "reports": reports.get(activity.pk, [])} for activity in activities
        ]
    return result
