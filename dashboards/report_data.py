"""Everything the evaluation report shows, computed once and rendered as PDF or Excel.

The PDF and the Excel carry the same full tables (nothing is left to the Excel only) and print
every number through core.formatting (one rounding rule).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import decimal_text
from dashboards import results as dashboard
from dashboards.annual import annual_recap
from dashboards.results import SUBMITTED_OR_LATER, RowResult
from monev.choices import RowKind, Status
from monev.models import Evidence, Period, Realisation
from pmprb.models import NUMBER_TYPES, Answer, Assessment, Question, QuestionEvidence, Recommendation, ReportSettings
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
    explanation: str  # the asesor's explanation of the answer
    evidence: list[str]  # each piece of evidence: the file's name, the link or the note


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
    evidence = defaultdict(list)
    for item in QuestionEvidence.objects.filter(assessment=assessment).order_by("recorded_at", "pk"):
        evidence[item.question_id].append(item.original_name or item.url or item.note)
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        rows.append(
            WorksheetRow(
                f"{question.subarea.area.number}. {question.subarea.area.name}",
                f"{question.subarea.code} {question.subarea.name}",
                question.code,
                question.text,
                question.get_answer_type_display(),
                _answer_text(question, answer),
                values.get(question.pk),
                answer.asesor_note if answer else "",
                evidence[question.pk],
            )
        )
    return rows


def _answer_text(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return ""
    if question.answer_type in NUMBER_TYPES:
        number = answer.effective_number
        return "" if number is None else decimal_text(number)
    option = answer.effective_option
    return option.code if option else ""


def monitoring_period(roadmap: Roadmap | None, year: int) -> Period | None:
    """The semester the completeness table of a year report counts: the year's latest semester that
    has verified reports, else its latest semester. The results themselves come from the annual recap."""
    periods = Period.objects.filter(year=year)
    if roadmap is not None and periods.filter(roadmap=roadmap).exists():
        periods = periods.filter(roadmap=roadmap)  # several roadmaps may cover a year: the one reported on now
    with_verified = periods.filter(realisations__status=Status.VERIFIED).order_by("-semester").first()
    return with_verified or periods.order_by("-semester").first()


@dataclass
class ReportData:
    assessment: Assessment
    period: Period
    semester_only: bool
    summary: Summary
    indicator_rows: list[RowResult]
    activity_rows: list[RowResult]
    completeness: list
    recommendations: list
    generated_at: object
    evidence: dict  # report id -> number of evidence files
    unverified_count: int = 0
    kop: ReportSettings | None = None
    worksheet: list[WorksheetRow] | None = None
    roadmap: Roadmap | None = None  # the roadmap the year is reported on: its regulation is the Dasar Hukum
    # {(row kind, row id, opd id)} of the year's reports submitted but not yet verified, so not in the recap
    submitted: frozenset = frozenset()

    @property
    def year_version(self):
        """The official model of the year (None when none is loaded)."""
        return self.assessment.year_version

    @property
    def official_model_text(self) -> str:
        version = self.year_version
        return f"{version.name} — {version.regulation}" if version else "—"

    @property
    def roadmap_text(self) -> str:
        return self.roadmap.full_title if self.roadmap else "—"

    @property
    def is_draft(self) -> bool:
        return self.assessment.is_draft

    @property
    def model_text(self) -> str:
        version = self.assessment.version
        return f"{version.name} — {version.regulation}"

    @property
    def period_has_verified(self) -> bool:
        return any(value.verified for row in self.indicator_rows + self.activity_rows for value in row.values)

    @property
    def team(self) -> list[str]:
        return [line.strip() for line in self.assessment.team.splitlines() if line.strip()]

    @property
    def copies(self) -> list[str]:
        """Tembusan: one recipient per line."""
        return [line.strip() for line in self.assessment.copies.splitlines() if line.strip()]

    @property
    def indicators_all_without_data(self) -> bool:
        """No indicator row has a result ('belum ada data' throughout): the chapter says so in one sentence."""
        return bool(self.indicator_rows) and not any(row.values for row in self.indicator_rows)

    @property
    def title_period(self) -> str:
        return str(self.period) if self.semester_only else f"Tahun {self.assessment.year}"

    @property
    def results_period(self) -> str:
        """What the indicator and rencana aksi tables cover."""
        return str(self.period) if self.semester_only else f"{_('Rekap tahunan')} {self.assessment.year}"

    @property
    def indicator_counts(self) -> list[tuple[str, str, int]]:
        return dashboard.ordered_counts(dashboard.status_counts(self.indicator_rows))

    @property
    def activity_areas(self) -> list[tuple]:
        """[(area, every OPD line)] — the OPDs with most missing reports first."""
        return [
            (area, sorted(lines, key=lambda line: (line.submitted - line.rows, line.opd.short_name)))
            for area, lines in activities_by_area(self.activity_rows, self.evidence, self.submitted)
        ]


def build(assessment: Assessment, period: Period | None = None) -> ReportData:
    """A year report shows the year's verified results (dashboards.annual.annual_recap): an annual
    indicator by its tahun data, whichever semester it was reported in; a chosen semester narrows the
    report to that semester's reports. Completeness counts one semester: the chosen one, else the
    year's latest with verified reports."""
    semester_only = period is not None
    roadmap = period.roadmap if period is not None else Roadmap.objects.current()
    if period is None:
        period = monitoring_period(roadmap, assessment.year)
        roadmap = period.roadmap if period is not None else roadmap
    if period is None:
        raise Http404(
            _("Tahun %(year)s belum punya periode pelaporan; laporan evaluasi belum dapat dibuat.")
            % {"year": assessment.year}
        )
    results = dashboard.period_results(period)
    submitted = frozenset()
    if semester_only:
        indicator_rows, activity_rows = results.indicator_rows, results.activity_rows
    else:
        submitted = _submitted_in_year(roadmap, assessment.year)
        recap = annual_recap(roadmap, assessment.year)
        indicator_rows = [r for r in recap if r.kind == RowKind.INDIKATOR]
        activity_rows = [r for r in recap if r.kind == RowKind.KEGIATAN]
    shown = [report.pk for row in indicator_rows + activity_rows for report in row.realisations]
    evidence = dict(
        Evidence.objects.active()
        .filter(realisation_id__in=shown)
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
    period_rows = results.indicator_rows + results.activity_rows
    return ReportData(
        assessment=assessment,
        period=period,
        semester_only=semester_only,
        summary=summarise(assessment),
        indicator_rows=indicator_rows,
        activity_rows=activity_rows,
        completeness=dashboard.completeness(period, period_rows),
        recommendations=recommendations,
        generated_at=timezone.localtime(),
        evidence=evidence,
        unverified_count=sum(1 for row in period_rows if row.has_unverified),
        kop=ReportSettings.load(),
        worksheet=worksheet_rows(assessment),
        roadmap=period.roadmap,
        submitted=submitted,
    )


def _submitted_in_year(roadmap: Roadmap, year: int) -> frozenset:
    """{(row kind, row id, opd id)} of every report of the year submitted or verified (not yet in the recap
    when still unverified)."""
    found = set()
    queryset = Realisation.objects.filter(period__roadmap=roadmap, period__year=year, status__in=SUBMITTED_OR_LATER)
    for indicator_id, activity_id, opd_id in queryset.values_list("indicator_id", "activity_id", "opd_id"):
        found.add((RowKind.KEGIATAN, activity_id, opd_id) if activity_id else (RowKind.INDIKATOR, indicator_id, opd_id))
    return frozenset(found)


@dataclass
class AreaOPDLine:
    """Rencana aksi of one OPD in one area: rows, reports and evidence (the PDF's per-area table)."""

    opd: object
    rows: int = 0
    submitted: int = 0
    verified: int = 0
    met: int = 0
    evidence: int = 0


def activities_by_area(activity_rows: list[RowResult], evidence: dict, submitted: frozenset) -> list[tuple]:
    """[(area, [AreaOPDLine ...])] in area order, OPDs by name; `submitted` as ReportData holds it."""
    areas: dict = {}
    lines: dict = defaultdict(dict)
    for result in activity_rows:
        area = result.row.area
        areas[area.pk] = area
        for part in result.parts:
            line = lines[area.pk].setdefault(part.opd.pk, AreaOPDLine(part.opd))
            line.rows += 1
            line.met += part.met
            line.submitted += part.submitted or (result.kind, result.row.pk, part.opd.pk) in submitted
            line.verified += part.verified
            line.evidence += evidence.get(part.report.pk, 0) if part.report is not None else 0
    return [
        (areas[pk], sorted(lines[pk].values(), key=lambda line: line.opd.short_name))
        for pk in sorted(areas, key=lambda pk: areas[pk].number)
    ]


def evidence_count(row: RowResult, evidence: dict) -> int:
    return sum(evidence.get(report.pk, 0) for report in row.realisations)
