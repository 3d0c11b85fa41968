"""The verified monitoring evidence beside each worksheet sub-area, for one assessment year."""

from collections import defaultdict

from django.db.models import Count, Q

from actionplan.models import Activity
from monev.choices import Status
from monev.models import Realisation
from pmprb.models import Assessment, LkeArea, SubAreaMapping


def evidence_by_subarea(assessment: Assessment, area: LkeArea | None = None) -> dict[int, list[dict]]:
    """subarea id -> [{activity, reports: [verified realisations of the year with evidence_count]}]."""
    mappings = SubAreaMapping.objects.filter(subarea__area__component__version=assessment.version)
    if area is not None:
        mappings = mappings.filter(subarea__area=area)
    mappings = list(mappings)
    keys = {(m.area_number, m.subprogram_no) for m in mappings}
    if not keys:
        return {}
    wanted = Q()
    for area_number, subprogram_no in keys:
        wanted |= Q(area__number=area_number, subprogram_no=subprogram_no)
    activities = list(Activity.objects.filter(wanted).select_related("area").order_by("area__number", "order"))
    reports = defaultdict(list)
    verified = (
        Realisation.objects.filter(activity__in=activities, period__year=assessment.year, status=Status.VERIFIED)
        .select_related("period", "opd")
        .annotate(evidence_count=Count("evidence"))
        .order_by("period__semester")
    )
    for realisation in verified:
        reports[realisation.activity_id].append(realisation)
    by_key = defaultdict(list)
    for activity in activities:
        by_key[(activity.area.number, activity.subprogram_no)].append(
            {"activity": activity, "reports": reports.get(activity.pk, [])}
        )
    result = defaultdict(list)
    for mapping in mappings:
        result[mapping.subarea_id] += by_key.get((mapping.area_number, mapping.subprogram_no), [])
    return result
