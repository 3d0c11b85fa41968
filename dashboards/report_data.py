"""Everything the evaluation report shows, computed once and rendered as PDF or Excel.

The PDF and the Excel carry the same full tables (nothing is left to the Excel only) and print
every number through core.formatting (one rounding rule).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import results as dashboard
from dashboards.achievement import Achievement
from monev.choices import Status
from monev.models import Evidence, Period
from pmprb.models import NUMBER_TYPES, Answer, Assessment, Question, Recommendation, ReportSettings
from pmprb.scoring import question_values
from pmprb.summary import Summary, summarise
from roadmap.models import Roadmap


@dataclass
class WorksheetRow:
    """One question of the per-question worksheet (the PDF's appendix, the Excel's 'Lembar Kerja' sheet)."""

    area: str
    subarea: str
    code: str
    text: str
    answer_type: str
    answer: str  # "A", "Y", "75" or "" when unanswered
    value: Decimal | None  # the scored 0–1 value (worksheet rules applied); None when unanswered
    note: str


def worksheet_rows(assessment: Assessment) -> list[WorksheetRow]:
    """Every question of the assessment's version in worksheet order, with its answer and scored value."""
    questions = list(
        Question.objects.filter(subarea__area__component__version=assessment.version)
        .select_related("subarea__area")
        .order_by("subarea__area__component__order", "subarea__area__number", "subarea__order", "order")
    )
    values = question_values(assessment, questions)
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(assessment=assessment).select_related("asesor_option", "final_option")
    }
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            WorksheetRow(
                f"{question.subarea.area.number}. {question.subarea.area.name}",
                f"{question.subarea.code} {question.subarea.name}",
                question.code, question.text, question.get_answer_type_display(), _answer_text(question, answer),
                values.get(question.pk), (answer.review_note or answer.asesor_note) if answer else "",
            )
        )  # fmt: skip
    return rows


def _answer_text(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return ""
    if question.answer_type in NUMBER_TYPES:
        from core.formatting import decimal_text

        number = answer.effective_number
        return "" if number is None else decimal_text(number)
    option = answer.effective_option
    return option.code if option else ""


def annual_period(year: int) -> Period | None:
    """The year's results: its latest semester that has verified reports, else its latest semester.

    A small stand-in for the annual recap (dashboards/annual.py) another change is building; not an
    empty Semester II when only Semester I was verified.
    """
    periods = Period.objects.filter(year=year)
    current = Roadmap.objects.current()
    if current is not None and periods.filter(roadmap=current).exists():
        periods = periods.filter(roadmap=current)  # several roadmaps may cover a year: the one reported on now
    with_verified = periods.filter(realisations__status=Status.VERIFIED).order_by("-semester").first()
    return with_verified or periods.order_by("-semester").first()


# Findings and recommendations may each hold 4 000 characters (their model fields); the PDF shows the
# first PDF_TEXT_CHARS of each and the first PDF_RECOMMENDATION_ROWS rows, so long texts cannot push it
# past its 3 s budget. The Excel report (sheet Rekomendasi) carries every text in full.
PDF_RECOMMENDATION_ROWS = 20
PDF_TEXT_CHARS = 400


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
    kop: ReportSettings | None = None
    worksheet: list[WorksheetRow] | None = None

    @property
    def is_draft(self) -> bool:
        return self.assessment.is_draft

    @property
    def model_text(self) -> str:
        version = self.assessment.version
        return f"{version.name} — {version.regulation}"

    @property
    def period_has_verified(self) -> bool:
        return any(r.status == Status.VERIFIED for row in self.indicator_rows + self.activity_rows
                   for r in row.realisations)  # fmt: skip

    @property
    def team(self) -> list[str]:
        return [line.strip() for line in self.assessment.team.splitlines() if line.strip()]

    @property
    def title_period(self) -> str:
        return str(self.period) if self.semester_only else f"Tahun {self.assessment.year}"

    @property
    def indicator_counts(self) -> list[tuple[str, str, int]]:
        return dashboard.ordered_counts(dashboard.status_counts(self.indicator_rows))

    @property
    def activity_areas(self) -> list[tuple]:
        """[(area, every OPD line)] — the OPDs with most missing reports first."""
        return [
            (area, sorted(lines, key=lambda line: (line.submitted - line.rows, line.opd.short_name)))
            for area, lines in activities_by_area(self.activity_rows, self.evidence)
        ]

    @property
    def pdf_recommendations(self) -> list:
        return self.recommendations[:PDF_RECOMMENDATION_ROWS]

    @property
    def more_recommendations(self) -> int:
        return max(len(self.recommendations) - PDF_RECOMMENDATION_ROWS, 0)

    @property
    def pdf_text_chars(self) -> int:
        return PDF_TEXT_CHARS

    @property
    def unverified_count(self) -> int:
        return sum(1 for row in self.indicator_rows + self.activity_rows if row.has_unverified)


def build(assessment: Assessment, period: Period | None = None) -> ReportData:
    """A year report uses the year's latest semester with verified reports; a chosen semester narrows it."""
    semester_only = period is not None
    if period is None:
        period = annual_period(assessment.year)
    if period is None:
        raise Http404(
            _("Tahun %(year)s belum punya periode pelaporan; laporan evaluasi belum dapat dibuat.")
            % {"year": assessment.year}
        )
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
        .prefetch_related("follow_ups")
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
        kop=ReportSettings.load(),
        worksheet=worksheet_rows(assessment),
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
