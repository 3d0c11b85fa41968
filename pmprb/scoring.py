"""Indeks RB of a PMPRB assessment, computed from the answers and Hasil inputs.

Answer values come from each option (data: Y/T 1/0; A/B/C 1/0,5/0; A–D 1/0,67/0,33/0; A–E
1/0,75/0,5/0,25/0). Sub-area value = average of its question values × sub-area weight; an
unanswered question counts 0 and is reported as missing. Area = sum of its sub-areas; Pengungkit =
sum of areas. Hasil indicator = input / maximum × weight, or the chosen level's score (opini BPK).
Indeks RB = Pengungkit + Hasil; its predicate comes from the Indeks RB scale (AA … D). The
worksheet's own per-question rules (a value multiplied by another question's value; a value zeroed
by another answer) are applied as the ministry's workbook applies them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch

from core.formatting import decimal_text
from indicators.models import Scale, ScaleLevel
from pmprb.models import (
    Answer,
    Assessment,
    Component,
    HasilIndicator,
    HasilInput,
    LkeArea,
    Option,
    Question,
    WorksheetVersion,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass
class SubAreaScore:
    code: str
    name: str
    weight: Decimal
    questions: int
    answered: int
    value: Decimal


@dataclass
class AreaScore:
    number: int
    name: str
    weight: Decimal
    value: Decimal
    subareas: list[SubAreaScore] = field(default_factory=list)

    @property
    def percent(self) -> Decimal:
        return self.value / self.weight * HUNDRED if self.weight else ZERO


@dataclass
class HasilScore:
    code: str
    name: str
    weight: Decimal
    input_text: str
    value: Decimal


@dataclass
class Result:
    areas: list[AreaScore]
    hasil: list[HasilScore]
    pengungkit_weight: Decimal
    hasil_weight: Decimal
    missing_answers: int
    predicate_levels: list[ScaleLevel] | None = field(default=None, repr=False, compare=False)

    @property
    def pengungkit(self) -> Decimal:
        return sum((area.value for area in self.areas), ZERO)

    @property
    def hasil_total(self) -> Decimal:
        return sum((item.value for item in self.hasil), ZERO)

    @property
    def total(self) -> Decimal:
        return self.pengungkit + self.hasil_total

    @cached_property
    def predicate(self) -> ScaleLevel | None:
        return predicate_for(self.total, self.predicate_levels)


def predicate_levels() -> list[ScaleLevel]:
    """The Indeks RB scale's levels, best first; load once for a page that scores several years."""
    return list(ScaleLevel.objects.filter(scale__code="indeks_rb").order_by("-rank"))


def predicate_for(total: Decimal, levels: list[ScaleLevel] | None = None) -> ScaleLevel | None:
    """The Indeks RB predicate: bounds '> lower ≤ upper' as stored on the scale's levels."""
    for level in predicate_levels() if levels is None else levels:
        if _within(total, level):
            return level
    return None


def _within(value: Decimal, level: ScaleLevel) -> bool:
    if level.lower_bound is not None:
        above = value >= level.lower_bound if level.lower_inclusive else value > level.lower_bound
        if not above:
            return False
    if level.upper_bound is not None:
        return value <= level.upper_bound if level.upper_inclusive else value < level.upper_bound
    return True


def structure(version: WorksheetVersion) -> list[Component]:
    return list(
        version.components.prefetch_related(
            Prefetch("areas", queryset=LkeArea.objects.prefetch_related("subareas__questions")),
            Prefetch("hasil_indicators", queryset=HasilIndicator.objects.prefetch_related("levels")),
        )
    )


@dataclass(frozen=True)
class ChosenOption:
    """What scoring needs of an answer's option."""

    code: str
    value: Decimal


def score(assessment: Assessment) -> Result:
    return score_all([assessment])[assessment.year]


def score_all(assessments: list[Assessment]) -> dict[int, Result]:
    """Year -> score, from one query each for the options, answers and Hasil inputs of every year."""
    if not assessments:
        return {}
    structures: dict = {}
    chosen, inputs = defaultdict(dict), defaultdict(dict)
    options = {
        pk: ChosenOption(code, value)
        for pk, code, value in Option.objects.filter(
            question__subarea__area__component__version_id__in={a.version_id for a in assessments}
        ).values_list("pk", "code", "value")
    }
    answers = Answer.objects.filter(assessment__in=assessments)
    for assessment_id, question_id, asesor_option, final_option in answers.values_list(
        "assessment_id", "question_id", "asesor_option_id", "final_option_id"
    ):
        chosen[assessment_id][question_id] = options.get(final_option or asesor_option)  # as Answer.effective_option
    for item in HasilInput.objects.filter(assessment__in=assessments).select_related("level"):
        inputs[item.assessment_id][item.indicator_id] = item
    levels = predicate_levels()
    results = {}
    for assessment in assessments:
        if assessment.version_id not in structures:
            structures[assessment.version_id] = structure(assessment.version)
        results[assessment.year] = score_values(
            structures[assessment.version_id], chosen[assessment.pk], inputs[assessment.pk], levels
        )
    return results


def score_values(
    components: list[Component], chosen: dict, inputs: dict, levels: list[ScaleLevel] | None = None
) -> Result:
    """`chosen` maps a question id to its effective option (anything with `code` and `value`)."""
    pengungkit = next(c for c in components if c.code == Component.Code.PENGUNGKIT)
    hasil = next(c for c in components if c.code == Component.Code.HASIL)
    questions = [q for area in pengungkit.areas.all() for s in area.subareas.all() for q in s.questions.all()]
    values = _question_values(questions, chosen)
    areas, missing = [], 0
    for area in pengungkit.areas.all():
        area_score = AreaScore(area.number, area.name, area.weight, ZERO)
        for subarea in area.subareas.all():
            sub_questions = list(subarea.questions.all())
            answered = [q for q in sub_questions if values.get(q.pk) is not None]
            missing += len(sub_questions) - len(answered)
            total = sum((values.get(q.pk) or ZERO for q in sub_questions), ZERO)
            average = total / len(sub_questions) if sub_questions else ZERO
            value = average * subarea.weight
            area_score.subareas.append(
                SubAreaScore(subarea.code, subarea.name, subarea.weight, len(sub_questions), len(answered), value)
            )
            area_score.value += value
        areas.append(area_score)
    hasil_scores = [_hasil_score(indicator, inputs.get(indicator.pk)) for indicator in hasil.hasil_indicators.all()]
    return Result(areas, hasil_scores, pengungkit.weight, hasil.weight, missing, levels)


def _question_values(questions: list[Question], chosen: dict) -> dict[int, Decimal | None]:
    """Option values with the worksheet's rules applied; None for unanswered questions."""
    by_code = {q.code: q for q in questions}
    values: dict[int, Decimal | None] = {}
    for question in questions:  # in worksheet order, so a referenced question is already valued
        option = chosen.get(question.pk)
        if option is None:
            values[question.pk] = None
            continue
        value = option.value
        rule = question.rule or {}
        other = by_code.get(rule.get("question", ""))
        if rule.get("kind") == "multiply_by_value_of" and other is not None:
            value *= values.get(other.pk) or ZERO
        elif rule.get("kind") == "zero_if" and rule.get("effective", True) and other is not None:
            other_option = chosen.get(other.pk)
            if other_option is not None and other_option.code == rule.get("answer"):
                value = ZERO
        values[question.pk] = value
    return values


def _hasil_score(indicator: HasilIndicator, item: HasilInput | None) -> HasilScore:
    if item is None:
        return HasilScore(indicator.code, indicator.name, indicator.weight, "", ZERO)
    if item.level_id is not None:
        return HasilScore(indicator.code, indicator.name, indicator.weight, item.level.code, item.level.score)
    if item.value is None or not indicator.input_max:
        return HasilScore(indicator.code, indicator.name, indicator.weight, "", ZERO)
    value = item.value / indicator.input_max * indicator.weight
    return HasilScore(indicator.code, indicator.name, indicator.weight, decimal_text(item.value), value)


def weight_problems(version: WorksheetVersion) -> list[str]:
    """Messages for every total that does not add up (components to 100, areas and sub-areas to their parent)."""
    problems = []
    components = structure(version)
    total = sum((c.weight for c in components), ZERO)
    if total != HUNDRED:
        problems.append(f"Jumlah bobot komponen {total.normalize()}, seharusnya 100.")
    for component in components:
        if component.code == Component.Code.PENGUNGKIT:
            parts = [(a.name, a.weight, [s.weight for s in a.subareas.all()]) for a in component.areas.all()]
            area_sum = sum((weight for _name, weight, _subs in parts), ZERO)
            if area_sum != component.weight:
                problems.append(
                    f"Jumlah bobot area {area_sum.normalize()} tidak sama dengan bobot {component.name} "
                    f"{component.weight.normalize()}."
                )
            for name, weight, subs in parts:
                if sum(subs, ZERO) != weight:
                    problems.append(
                        f"Area {name}: jumlah bobot sub-area {sum(subs, ZERO).normalize()}, "
                        f"seharusnya {weight.normalize()}."
                    )
        else:
            hasil_sum = sum((i.weight for i in component.hasil_indicators.all()), ZERO)
            if hasil_sum != component.weight:
                problems.append(
                    f"Jumlah bobot indikator {component.name} {hasil_sum.normalize()}, "
                    f"seharusnya {component.weight.normalize()}."
                )
    return problems


def indeks_rb_scale() -> Scale:
    return Scale.objects.get(code="indeks_rb")
