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

from core.formatting import band_note, capaian_text, decimal_text, value_text
from dashboards import results as dashboard
from dashboards.annual import RecapRow, annual_recap
from dashboards.results import SUBMITTED_OR_LATER, RowResult
from indicators.achievement import Achievement
from monev.choices import Status
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


@dataclass(frozen=True)
class ShownValue:
    """One OPD's realisation as the report prints it (text by core.formatting)."""

    text: str
    verified: bool


@dataclass(repr=False)
class ReportLine:
    """A row of the report's indicator or rencana aksi table: every printed text computed once here,
    through core.formatting, so the PDF and the Excel show the same words and numbers."""

    kind: str  # "indikator" | "kegiatan"
    row: object  # rows.IndicatorView | rows.ActivityView
    target_text: str
    band_note: str
    values: list[ShownValue]
    data_year: str
    capaian: str
    predikat: str
    predikat_code: str | None
    status: str
    status_label: str
    parts: list["LinePart"]
    reason: str = ""  # why the row has its status (Judgement.note of the deciding part)
    # The same facts as numbers, for the Excel cells (the texts above are for reading)
    target_number: Decimal | None = None
    value_number: Decimal | None = None
    level_text: str = ""
    data_year_number: int | None = None
    capaian_number: Decimal | None = None

    @property
    def has_unverified(self) -> bool:
        return any(not value.verified for value in self.values)

    @property
    def opd_names(self) -> str:
        return ", ".join(part.opd.short_name + ("*" if part.assigned else "") for part in self.parts)

    @property
    def values_text(self) -> str:
        return "; ".join(v.text if v.verified else f"{v.text} ({_('belum diverifikasi')})" for v in self.values) or "—"

    def get_status_label(self) -> str:
        return self.status_label


@dataclass(frozen=True, repr=False)
class LinePart:
    """One OPD's share of a line, for the per-area rencana aksi table."""

    opd: object
    report_pk: int | None
    submitted: bool
    verified: bool
    met: bool
    assigned: bool = False


def _target(target) -> tuple[str, str]:
    if target is None or not target.raw_text:
        return "—", ""
    return target.raw_text, band_note(target.value, target.level, target.band_conflict)


def recap_line(recap: RecapRow, submitted: set) -> ReportLine:
    """A line of the year report from issue 11's annual recap (verified results only)."""
    values = []
    for part in recap.parts:
        if part.report is None:
            continue
        where = f"{part.opd.short_name}, {part.period_label}" if len(recap.parts) > 1 else part.period_label
        text = value_text(part.report).removesuffix(f" (data {part.report.data_year})")
        values.append(ShownValue(f"{text} ({where})", True))
    if recap.kind == "kegiatan":
        target_text, note = f"{recap.row.output_target} ({_('rencana akhir tahun')} {decimal_text(recap.planned)}%)", ""
    else:
        target_text, note = _target(recap.target)
    key = "a" if recap.kind == "kegiatan" else "i"
    parts = [
        LinePart(
            p.opd,
            p.report.pk if p.report else None,
            p.report is not None or (key, recap.row.pk, p.opd.pk) in submitted,
            p.report is not None,
            p.judgement.status == Achievement.MET,
            p.assigned,
        )
        for p in recap.parts
    ]
    return ReportLine(
        recap.kind,
        recap.row,
        target_text,
        note,
        values,
        str(recap.data_year) if recap.data_year else "—",
        capaian_text(recap.capaian),
        recap.predikat_label or "—",
        recap.predikat,
        recap.status,
        recap.get_status_label(),
        parts,
        recap.reason,
        _target_number(recap),
        recap.value,
        recap.level.code if recap.level is not None else "",
        recap.data_year,
        recap.capaian,
    )


def _target_number(line) -> Decimal | None:
    """The target as a number: the Perbup's parsed value, a kegiatan's planned progress; None for a level."""
    if line.kind == "kegiatan":
        return line.planned
    return line.target.value if line.target is not None else None


def result_line(result: RowResult) -> ReportLine:
    """A line of a semester report from the period's results (unverified values shown, flagged)."""
    values = [ShownValue(value_text(r), r.status == Status.VERIFIED) for r in result.realisations]
    if result.kind == "kegiatan":
        target_text = f"{result.row.output_target} ({_('rencana semester')} {decimal_text(result.planned)}%)"
        note = ""
    else:
        target_text, note = _target(result.target)
    years = sorted({str(r.data_year) for r in result.realisations if r.data_year})
    parts = [
        LinePart(
            p.opd,
            p.realisation.pk if p.realisation else None,
            p.realisation is not None and p.realisation.status in SUBMITTED_OR_LATER,
            p.realisation is not None and p.realisation.status == Status.VERIFIED,
            p.status == Achievement.MET,
            p.assigned,
        )
        for p in result.parts
    ]
    judgement = result.judgement
    decisive = next((p.realisation for p in result.parts if p.judgement is judgement and p.realisation), None)
    value = None
    if decisive is not None:
        value = decisive.progress if result.kind == "kegiatan" else decisive.value
    return ReportLine(
        result.kind,
        result.row,
        target_text,
        note,
        values,
        ", ".join(years) or "—",
        capaian_text(result.capaian),
        result.predikat_label or "—",
        judgement.predikat if judgement else None,
        result.status,
        result.get_status_label(),
        parts,
        result.reason,
        _target_number(result),
        value,
        decisive.level.code if decisive is not None and decisive.level is not None else "",
        int(years[0]) if len(years) == 1 else None,
        result.capaian,
    )


@dataclass
class ReportData:
    assessment: Assessment
    period: Period
    semester_only: bool
    summary: Summary
    indicator_rows: list[ReportLine]
    activity_rows: list[ReportLine]
    completeness: list
    recommendations: list
    generated_at: object
    evidence: dict  # report id -> number of evidence files
    unverified_count: int = 0
    kop: ReportSettings | None = None
    worksheet: list[WorksheetRow] | None = None
    roadmap: Roadmap | None = None  # the roadmap the year is reported on: its regulation is the Dasar Hukum

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
            for area, lines in activities_by_area(self.activity_rows, self.evidence)
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
    if semester_only:
        indicator_rows = [result_line(r) for r in results.indicator_rows]
        activity_rows = [result_line(r) for r in results.activity_rows]
    else:
        submitted = _submitted_in_year(roadmap, assessment.year)
        recap = annual_recap(roadmap, assessment.year)
        indicator_rows = [recap_line(r, submitted) for r in recap if r.kind == "indikator"]
        activity_rows = [recap_line(r, submitted) for r in recap if r.kind == "kegiatan"]
    shown = [part.report_pk for line in indicator_rows + activity_rows for part in line.parts if part.report_pk]
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
    )


def _submitted_in_year(roadmap: Roadmap, year: int) -> set:
    """{("i"|"a", row id, opd id)} of every report of the year submitted or verified (not yet in the recap
    when still unverified)."""
    found = set()
    queryset = Realisation.objects.filter(period__roadmap=roadmap, period__year=year, status__in=SUBMITTED_OR_LATER)
    for indicator_id, activity_id, opd_id in queryset.values_list("indicator_id", "activity_id", "opd_id"):
        found.add(("a", activity_id, opd_id) if activity_id else ("i", indicator_id, opd_id))
    return found


@dataclass
class AreaOPDLine:
    """Rencana aksi of one OPD in one area: rows, reports and evidence (the PDF's per-area table)."""

    opd: object
    rows: int = 0
    submitted: int = 0
    verified: int = 0
    met: int = 0
    evidence: int = 0


def activities_by_area(activity_rows: list[ReportLine], evidence: dict) -> list[tuple]:
    """[(area, [AreaOPDLine ...])] in area order, OPDs by name."""
    areas: dict = {}
    lines: dict = defaultdict(dict)
    for result in activity_rows:
        area = result.row.area
        areas[area.pk] = area
        for part in result.parts:
            line = lines[area.pk].setdefault(part.opd.pk, AreaOPDLine(part.opd))
            line.rows += 1
            line.met += part.met
            line.submitted += part.submitted
            line.verified += part.verified
            line.evidence += evidence.get(part.report_pk, 0)
    return [
        (areas[pk], sorted(lines[pk].values(), key=lambda line: line.opd.short_name))
        for pk in sorted(areas, key=lambda pk: areas[pk].number)
    ]


def evidence_count(row: ReportLine, evidence: dict) -> int:
    return sum(evidence.get(part.report_pk, 0) for part in row.parts)
