"""What the evaluation report shows for a year: the self-assessment per area beside last year's, and the
year's verified Indeks RB beside the Perbup's target.

Two numbers, never confused: the *nilai penilaian mandiri (PMPRB)* is the Inspektorat's own score;
the *Indeks RB* of a year is the verified result of the roadmap's Indeks RB indicator (1.d), as the
national evaluation gave it. Only the verified result is judged against the Perbup's target.
"""

import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from indicators.achievement import Achievement, Judgement, Measured, judge_indicator
from indicators.models import Indicator, Scale, ScaleLevel, Target
from monev.choices import Status
from monev.models import Realisation
from pmprb.models import Answer, Assessment, LkeArea, Question
from pmprb.scoring import Result, score_all


@dataclass(frozen=True)
class VerifiedIndeksRB:
    """The year's verified Indeks RB: the latest verified report of the Indeks RB indicator whose tahun data
    is the year (as the annual recap reads a yearly indicator)."""

    report: Realisation

    @property
    def value(self) -> Decimal | None:
        return self.report.value

    @property
    def level(self) -> ScaleLevel | None:
        """The reported predikat, else the band of the value on the indicator's own scale."""
        if self.report.level_id:
            return self.report.level
        scale = self.report.indicator.scale
        if self.value is None or scale is None:
            return None
        return Scale.level_for(self.value, list(scale.levels.all()))

    @property
    def data_year(self) -> int:
        return self.report.data_year or self.report.period.year

    @property
    def source(self) -> str:
        report = self.report
        verified = date_format(localtime(report.verified_at), "j F Y") if report.verified_at else "—"
        return _("laporan %(opd)s %(period)s, diverifikasi %(date)s") % {
            "opd": report.opd.short_name,
            "period": report.period.short_label,
            "date": verified,
        }

    def judge(self, target: Target | None) -> Judgement:
        measured = Measured(self.value, self.level.rank if self.level else None, True, self.report.level)
        scale = self.report.indicator.scale
        levels = list(scale.levels.all()) if scale else []
        return judge_indicator(target, measured, self.report.indicator.direction, levels=levels)


def verified_indeks_rb(years) -> dict[int, VerifiedIndeksRB]:
    """{year: its verified Indeks RB} for the years that have one, in one query."""
    years = set(years)
    reports = (
        Realisation.objects.filter(indicator__key=Indicator.INDEKS_RB, status=Status.VERIFIED)
        .filter(Q(data_year__in=years) | Q(data_year__isnull=True, period__year__in=years))
        .select_related("opd", "period", "level", "indicator__scale")
        .prefetch_related("indicator__scale__levels")
        .order_by("period__year", "period__semester", "verified_at", "pk")
    )
    found = {}
    for report in reports:  # the latest wins
        found[report.data_year or report.period.year] = VerifiedIndeksRB(report)
    return found


@dataclass
class AreaRow:
    number: int
    name: str
    weight: Decimal | None
    value: Decimal | None
    previous: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        if self.value is None:
            return None
        return self.value / self.weight * 100 if self.weight else Decimal(0)

    @property
    def difference(self) -> Decimal | None:
        return None if self.previous is None or self.value is None else self.value - self.previous


@dataclass
class Summary:
    assessment: Assessment
    result: Result
    previous: Result | None
    rows: list[AreaRow]
    perbup_target: Target | None
    previous_assessment: Assessment | None = None
    verified: VerifiedIndeksRB | None = None

    @property
    def model_changed(self) -> bool:
        """The previous year was evaluated on another model: its numbers are not comparable one to one."""
        return self.previous_assessment is not None and self.previous_assessment.version_id != (
            self.assessment.version_id
        )

    @property
    def total_difference(self) -> Decimal | None:
        return None if self.previous is None else self.result.total - self.previous.total

    @property
    def is_complete(self) -> bool:
        """Every part of the model known and every question answered (or the assessment made final with
        its unanswered questions counted 0): only then does the self-score carry a predikat."""
        return self.result.is_complete and (not self.result.missing_answers or self.assessment.is_final)

    @property
    def self_predicate(self) -> ScaleLevel | None:
        """The predikat of the nilai penilaian mandiri; none while the assessment is incomplete."""
        return self.result.predicate if self.is_complete else None

    @property
    def target_judgement(self) -> Judgement | None:
        """The Perbup's target judged on the year's verified Indeks RB only; None without a target."""
        if self.perbup_target is None:
            return None
        if self.verified is None:
            return Judgement(Achievement.NO_DATA)
        return self.verified.judge(self.perbup_target)

    @property
    def meets_perbup_target(self) -> bool | None:
        """True/False once a verified Indeks RB is judged against the target; None when nothing is judged."""
        judgement = self.target_judgement
        if judgement is None or judgement.status in {Achievement.NO_DATA, Achievement.NO_TARGET}:
            return None
        return judgement.status == Achievement.MET


def summarise(assessment: Assessment) -> Summary:
    return summarise_all([assessment])[0]


def _key(assessment: Assessment) -> tuple:
    return assessment.year, assessment.opd_id


def summarise_all(assessments: list[Assessment]) -> list[Summary]:
    """Summaries of several assessments, each beside the same unit's (or the Pemda's) previous year.

    A fixed number of queries whatever the number of years: the previous years not among
    `assessments`, then the answers, inputs and targets of all of them in one query each.
    """
    keys = {_key(a) for a in assessments if not a.is_practice}  # a latihan is never a previous year
    wanted = [
        Q(year=year, opd_id=opd_id) if opd_id else Q(year=year, opd__isnull=True)
        for year, opd_id in {(year - 1, opd_id) for year, opd_id in keys} - keys
    ]
    previous = []
    if wanted:
        previous = list(Assessment.objects.official().filter(reduce(operator.or_, wanted)).select_related("version"))
    scored = [*assessments, *previous]
    results = score_all(scored)
    by_key = {_key(a): a for a in scored if not a.is_practice}
    years = {a.year for a in assessments}
    # Where two roadmaps cover a year, the more recently enacted one's target counts (the later wins)
    targets = {
        target.year: target
        for target in Target.objects.filter(indicator__key=Indicator.INDEKS_RB, year__in=years)
        .select_related("level")
        .order_by("indicator__focus_item__priority__roadmap__year", "indicator__focus_item__priority__roadmap__number")
    }
    verified = verified_indeks_rb(years)
    summaries = [
        _summary(a, results[a.pk], by_key.get((a.year - 1, a.opd_id)), results, targets.get(a.year))
        for a in assessments
    ]
    for summary in summaries:
        # The Indeks RB is the Pemda's: a unit kerja's self-assessment is not compared with it
        summary.verified = None if summary.assessment.opd_id else verified.get(summary.assessment.year)
    return summaries


def _summary(assessment, result, previous_assessment, results, target) -> Summary:
    previous = results[previous_assessment.pk] if previous_assessment else None
    previous_areas = {area.number: area.value for area in previous.areas} if previous else {}
    if previous_assessment is not None and previous_assessment.version_id != assessment.version_id:
        previous_areas = {}  # areas of another model are not the same areas
    rows = [
        AreaRow(area.number, area.name, area.weight, area.value, previous_areas.get(area.number))
        for area in result.areas
    ]
    return Summary(assessment, result, previous, rows, target, previous_assessment)


@dataclass
class Rollup:
    """The unit kerja assessments of a year rolled up to the Pemda: the average of their totals."""

    year: int
    units: int
    total: Decimal | None


def rollup(year: int) -> Rollup:
    units = list(Assessment.objects.official().filter(year=year, opd__isnull=False).select_related("version"))
    if not units:
        return Rollup(year, 0, None)
    results = score_all(units)
    return Rollup(year, len(units), sum((results[a.pk].total for a in units), Decimal(0)) / len(units))


@dataclass
class AreaProgress:
    """How many of an area's questions have an answer (dijawab/total)."""

    area: LkeArea
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def area_progress(assessment: Assessment) -> list[AreaProgress]:
    """Every area of the assessment's version with its answered and total questions (three queries)."""
    areas = list(LkeArea.objects.filter(component__version=assessment.version).order_by("component__order", "number"))
    totals = dict(Question.objects.filter(subarea__area__in=areas).values_list("subarea__area").annotate(n=Count("pk")))
    answered = dict(
        Answer.objects.filter(assessment=assessment)
        .filter(
            Q(asesor_option__isnull=False)
            | Q(final_option__isnull=False)
            | Q(asesor_number__isnull=False)
            | Q(final_number__isnull=False)
        )
        .values_list("question__subarea__area")
        .annotate(n=Count("pk"))
    )
    return [AreaProgress(area, answered.get(area.pk, 0), totals.get(area.pk, 0)) for area in areas]
