"""What the evaluation report shows for a year: the score per area beside last year's and the Perbup's target."""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Indicator, Target
from pmprb.models import Assessment
from pmprb.scoring import Result, score_all


@dataclass
class AreaRow:
    number: int
    name: str
    weight: Decimal
    value: Decimal
    previous: Decimal | None

    @property
    def percent(self) -> Decimal:
        return self.value / self.weight * 100 if self.weight else Decimal(0)

    @property
    def difference(self) -> Decimal | None:
        return None if self.previous is None else self.value - self.previous


@dataclass
class Summary:
    assessment: Assessment
    result: Result
    previous: Result | None
    rows: list[AreaRow]
    perbup_target: Target | None

    @property
    def total_difference(self) -> Decimal | None:
        return None if self.previous is None else self.result.total - self.previous.total

    @property
    def meets_perbup_target(self) -> bool | None:
        if self.perbup_target is None or self.perbup_target.value is None:
            return None
        return self.result.total >= self.perbup_target.value


def summarise(assessment: Assessment) -> Summary:
    return summarise_all([assessment])[0]


def summarise_all(assessments: list[Assessment]) -> list[Summary]:
    """Summaries of several years beside each previous year's score.

    A fixed number of queries whatever the number of years: the previous years not among
    `assessments`, then the answers, inputs and targets of all of them in one query each.
    """
    years = {assessment.year for assessment in assessments}
    previous = Assessment.objects.filter(year__in={year - 1 for year in years} - years).select_related("version")
    scored = [*assessments, *previous]
    results = score_all(scored)
    # Where two roadmaps cover a year, the more recently enacted one's target counts (the later wins)
    targets = {
        target.year: target
        for target in Target.objects.filter(indicator__key=Indicator.INDEKS_RB, year__in=years)
        .select_related("level")
        .order_by("indicator__focus_item__priority__roadmap__year", "indicator__focus_item__priority__roadmap__number")
    }
    return [_summary(assessment, results, targets.get(assessment.year)) for assessment in assessments]


def _summary(assessment: Assessment, results: dict[int, Result], target: Target | None) -> Summary:
    result, previous = results[assessment.year], results.get(assessment.year - 1)
    previous_areas = {area.number: area.value for area in previous.areas} if previous else {}
    rows = [
        AreaRow(area.number, area.name, area.weight, area.value, previous_areas.get(area.number))
        for area in result.areas
    ]
    return Summary(assessment, result, previous, rows, target)
