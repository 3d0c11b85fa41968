"""What the evaluation report shows for a year: the score per area beside last year's and the Perbup's target."""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Target
from pmprb.models import Assessment
from pmprb.scoring import Result, score


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


def summarise_all(assessments: list[Assessment]) -> list[Summary]:
    """Summaries of several years, scoring each assessment once."""
    structures: dict = {}
    results = {assessment.year: score(assessment, structures) for assessment in assessments}
    return [summarise(assessment, results, structures) for assessment in assessments]


def summarise(assessment: Assessment, results: dict | None = None, structures: dict | None = None) -> Summary:
    results = {} if results is None else results
    structures = {} if structures is None else structures
    result = results.get(assessment.year) or score(assessment, structures)
    previous = results.get(assessment.year - 1)
    if previous is None:
        previous_assessment = Assessment.objects.filter(year=assessment.year - 1).select_related("version").first()
        previous = score(previous_assessment, structures) if previous_assessment else None
    previous_areas = {area.number: area.value for area in previous.areas} if previous else {}
    rows = [
        AreaRow(area.number, area.name, area.weight, area.value, previous_areas.get(area.number))
        for area in result.areas
    ]
    target = (
        Target.objects.filter(indicator__name="Indeks reformasi birokrasi", year=assessment.year)
        .select_related("level")
        .first()
    )
    return Summary(assessment, result, previous, rows, target)
