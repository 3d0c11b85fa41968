"""Everything the evaluation report shows, computed once and rendered as PDF or Excel."""

from dataclasses import dataclass

from django.utils import timezone

from monev import dashboard, rows
from monev.achievement import Achievement
from monev.models import Period
from pmprb.models import Assessment, Recommendation
from pmprb.summary import Summary, summarise


@dataclass
class ReportData:
    assessment: Assessment
    period: Period
    semester_only: bool
    summary: Summary
    indicator_rows: list
    activity_rows: list
    areas: list
    completeness: list
    recommendations: list
    generated_at: object

    @property
    def title_period(self) -> str:
        return str(self.period) if self.semester_only else f"Tahun {self.assessment.year}"

    @property
    def indicator_counts(self) -> list[tuple[str, str, int]]:
        return dashboard.ordered_counts(dashboard.status_counts(self.indicator_rows))

    @property
    def unverified_count(self) -> int:
        return sum(1 for row in self.indicator_rows + self.activity_rows if row.has_unverified)


def build(assessment: Assessment, period: Period | None = None) -> ReportData:
    """A year report uses Semester II of the year (the year's end); a chosen semester narrows it."""
    semester_only = period is not None
    if period is None:
        period = Period.objects.filter(year=assessment.year).order_by("-semester").first()
    lookups = rows.Lookups.load()
    realisations = dashboard.period_realisations(period, evidence=True, lookups=lookups)
    indicator_rows = dashboard.indicator_results(period, realisations, lookups=lookups)
    activity_rows = dashboard.activity_results(period, realisations, lookups=lookups)
    recommendations = list(
        Recommendation.objects.filter(finding__year=assessment.year)
        .select_related("finding__lke_area", "opd")
        .order_by("finding__lke_area__number", "due_date")
    )
    return ReportData(
        assessment=assessment,
        period=period,
        semester_only=semester_only,
        summary=summarise(assessment),
        indicator_rows=indicator_rows,
        activity_rows=activity_rows,
        areas=dashboard.area_summaries(activity_rows),
        completeness=dashboard.completeness(period, indicator_rows + activity_rows),
        recommendations=recommendations,
        generated_at=timezone.localtime(),
    )


def evidence_count(row) -> int:
    return sum(getattr(r, "evidence_count", 0) for r in row.realisations)


ACHIEVED = Achievement.MET
