"""What the evaluation report shows for a year: the score per area beside last year's and the Perbup's target."""

import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import Count, Q

from indicators.models import Indicator, Target
from pmprb.models import Answer, Assessment, LkeArea, Question
from pmprb.scoring import Result, score_all


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
    def meets_perbup_target(self) -> bool | None:
        if self.perbup_target is None or self.perbup_target.value is None or not self.result.is_complete:
            return None
        return self.result.total >= self.perbup_target.value


def summarise(assessment: Assessment) -> Summary:
    return summarise_all([assessment])[0]


def _key(assessment: Assessment) -> tuple:
    return assessment.year, assessment.opd_id


def summarise_all(assessments: list[Assessment]) -> list[Summary]:
    """Summaries of several assessments, each beside the same unit's (or the Pemda's) previous year.

    A fixed number of queries whatever the number of years: the previous years not among
    `assessments`, then the answers, inputs and targets of all of them in one query each.
    """
    keys = {_key(a) for a in assessments}
    wanted = [
        Q(year=year, opd_id=opd_id) if opd_id else Q(year=year, opd__isnull=True)
        for year, opd_id in {(year - 1, opd_id) for year, opd_id in keys} - keys
    ]
    previous = []
    if wanted:
        previous = list(Assessment.objects.filter(reduce(operator.or_, wanted)).select_related("version"))
    scored = [*assessments, *previous]
    results = score_all(scored)
    by_key = {_key(a): a for a in scored}
    years = {a.year for a in assessments}
    # Where two roadmaps cover a year, the more recently enacted one's target counts (the later wins)
    targets = {
        target.year: target
        for target in Target.objects.filter(indicator__key=Indicator.INDEKS_RB, year__in=years)
        .select_related("level")
        .order_by("indicator__focus_item__priority__roadmap__year", "indicator__focus_item__priority__roadmap__number")
    }
    return [
        _summary(a, results[a.pk], by_key.get((a.year - 1, a.opd_id)), results, targets.get(a.year))
        for a in assessments
    ]


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
    units = list(Assessment.objects.filter(year=year, opd__isnull=False).select_related("version"))
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
        )  # fmt: skip
        .values_list("question__subarea__area")
        .annotate(n=Count("pk"))
    )
    return [AreaProgress(area, answered.get(area.pk, 0), totals.get(area.pk, 0)) for area in areas]
