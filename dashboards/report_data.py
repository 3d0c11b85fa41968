"""Everything the evaluation report shows, computed once and rendered as PDF or Excel."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from dashboards import results as dashboard
from dashboards.achievement import Achievement
from monev.models import Evidence, Period
from pmprb.models import Assessment, Recommendation
from pmprb.summary import Summary, summarise

# The PDF is the summary for the Bupati and KemenPAN-RB; the Excel report carries every row. With
# the real roadmap (52 indicators, 17 OPDs) these limits show everything; with much larger data the
# PDF lists the first rows, says how many more there are, and stays quick to produce.
PDF_INDICATOR_ROWS = 55
PDF_COMPLETENESS_ROWS = 20
PDF_OPDS_PER_AREA = 4


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
    evidence: dict  # report id -> number of evidence files

    @property
    def title_period(self) -> str:
        return str(self.period) if self.semester_only else f"Tahun {self.assessment.year}"

    @property
    def indicator_counts(self) -> list[tuple[str, str, int]]:
        return dashboard.ordered_counts(dashboard.status_counts(self.indicator_rows))

    @property
    def activity_areas(self) -> list[tuple]:
        """[(area, shown OPD lines, how many more OPDs)] — the OPDs with most missing reports first."""
        areas = []
        for area, lines in activities_by_area(self.activity_rows, self.evidence):
            lines = sorted(lines, key=lambda line: (line.submitted - line.rows, line.opd.short_name))
            areas.append((area, lines[:PDF_OPDS_PER_AREA], max(len(lines) - PDF_OPDS_PER_AREA, 0)))
        return areas

    @property
    def pdf_indicator_rows(self) -> list:
        return self.indicator_rows[:PDF_INDICATOR_ROWS]

    @property
    def more_indicators(self) -> int:
        return max(len(self.indicator_rows) - PDF_INDICATOR_ROWS, 0)

    @property
    def pdf_completeness(self) -> list:
        return self.completeness[:PDF_COMPLETENESS_ROWS]

    @property
    def more_completeness(self) -> int:
        return max(len(self.completeness) - PDF_COMPLETENESS_ROWS, 0)

    @property
    def unverified_count(self) -> int:
        return sum(1 for row in self.indicator_rows + self.activity_rows if row.has_unverified)


def build(assessment: Assessment, period: Period | None = None) -> ReportData:
    """A year report uses Semester II of the year (the year's end); a chosen semester narrows it."""
    semester_only = period is not None
    if period is None:
        period = Period.objects.filter(year=assessment.year).order_by("-semester").first()
    results = dashboard.period_results(period)
    indicator_rows, activity_rows = results.indicator_rows, results.activity_rows
    evidence = dict(
        Evidence.objects.filter(realisation__period=period)
        .values("realisation_id")
        .annotate(n=Count("pk"))
        .values_list("realisation_id", "n")
    )
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
        evidence=evidence,
    )


@dataclass
class AreaOPDLine:
    """Rencana aksi of one OPD in one area: rows, reports and evidence (the PDF's per-area table)."""

    opd: object
    rows: int = 0
    submitted: int = 0
    verified: int = 0
    met: int = 0
    evidence: int = 0


def activities_by_area(activity_rows: list, evidence: dict) -> list[tuple]:
    """[(area, [AreaOPDLine ...])] in area order, OPDs by name."""
    from collections import defaultdict

    from dashboards.results import SUBMITTED_OR_LATER

    areas: dict = {}
    lines: dict = defaultdict(dict)
    for result in activity_rows:
        area = result.row.area
        areas[area.pk] = area
        for part in result.parts:
            line = lines[area.pk].setdefault(part.opd.pk, AreaOPDLine(part.opd))
            line.rows += 1
            line.met += part.status == Achievement.MET
            if part.realisation is not None:
                line.submitted += part.realisation.status in SUBMITTED_OR_LATER
                line.verified += part.realisation.status == "verified"
                line.evidence += evidence.get(part.realisation.pk, 0)
    return [
        (areas[pk], sorted(lines[pk].values(), key=lambda line: line.opd.short_name))
        for pk in sorted(areas, key=lambda pk: areas[pk].number)
    ]


def evidence_count(row, evidence: dict) -> int:
    return sum(evidence.get(r.pk, 0) for r in row.realisations)
