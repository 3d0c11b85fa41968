"""Indeks RB of a PMPRB assessment, computed from the answers and Hasil inputs on its version's tree.

Answer values come from each option (data: Y/T 1/0; A/B/C 1/0,5/0; A–D 1/0,67/0,33/0; A–E
1/0,75/0,5/0,25/0), or from a number: a percentage / 100, a numeric answer / the question's
maximum. Sub-area value = average of its question values × sub-area weight; an unanswered question
counts 0 and is reported as missing. Area = sum of its sub-areas. Hasil indicator = input / maximum
× weight, or the chosen level's score (opini BPK). A component = the sum of its child components,
areas and indicators; the total = the sum of the top components. The predicate comes from the
version's own scale. The worksheet's own per-question rules (a value multiplied by another
question's value; a value zeroed by another answer) are applied as the ministry's workbook applies
them.

A part whose weight or content is not known (a draft version of a later model) has no value
(None): it is shown as unknown, never as a number, and the total says it is incomplete.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch

from core.formatting import decimal_text
from indicators.models import ScaleLevel
from pmprb.models import (
    NUMBER_TYPES,
    Answer,
    AnswerType,
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
DEFAULT_SCALE = "indeks_rb"


def _sum(values) -> Decimal | None:
    """The sum, or None when any part is unknown."""
    values = list(values)
    if any(value is None for value in values):
        return None
    return sum(values, ZERO)


@dataclass
class SubAreaScore:
    code: str
    name: str
    weight: Decimal | None
    questions: int
    answered: int
    value: Decimal | None


@dataclass
class AreaScore:
    number: int
    name: str
    weight: Decimal | None
    value: Decimal | None
    subareas: list[SubAreaScore] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        if self.value is None or not self.weight:
            return None if self.value is None else ZERO
        return self.value / self.weight * HUNDRED


@dataclass
class HasilScore:
    code: str
    name: str
    weight: Decimal | None
    input_text: str
    value: Decimal | None


@dataclass
class ComponentScore:
    """A node of the version's tree with its value (None while any part beneath it is unknown)."""

    code: str
    name: str
    weight: Decimal | None
    certainty: str
    depth: int
    children: list["ComponentScore"] = field(default_factory=list)
    areas: list[AreaScore] = field(default_factory=list)
    hasil: list[HasilScore] = field(default_factory=list)

    @cached_property
    def value(self) -> Decimal | None:
        parts = [c.value for c in self.children] + [a.value for a in self.areas] + [h.value for h in self.hasil]
        return _sum(parts) if parts else None

    def walk(self):
        """This node and every node beneath it, in worksheet order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Result:
    areas: list[AreaScore]
    hasil: list[HasilScore]
    pengungkit_weight: Decimal | None
    hasil_weight: Decimal | None
    missing_answers: int
    predicate_levels: list[ScaleLevel] = field(repr=False, compare=False)  # the scale its predicate is read on
    components: list[ComponentScore] = field(default_factory=list)
    total_weight: Decimal | None = HUNDRED
    questions: int = 0

    @property
    def pengungkit(self) -> Decimal:
        return sum((area.value or ZERO for area in self.areas), ZERO)

    @property
    def hasil_total(self) -> Decimal:
        return sum((item.value or ZERO for item in self.hasil), ZERO)

    @property
    def is_complete(self) -> bool:
        """Every part's weight and content is known, so the total is a real Indeks RB."""
        if not self.components:
            return True
        return all(component.value is not None for component in self.components)

    @property
    def total(self) -> Decimal:
        """The sum of what is known (unknown parts count 0; see is_complete)."""
        if not self.components:
            return self.pengungkit + self.hasil_total
        return sum((node.value or ZERO for node in self.components), ZERO) if self.is_complete else self._known()

    def _known(self) -> Decimal:
        return self.pengungkit + self.hasil_total

    @property
    def nodes(self) -> list[ComponentScore]:
        return [node for root in self.components for node in root.walk()]

    @cached_property
    def predicate(self) -> ScaleLevel | None:
        if not self.is_complete:
            return None
        return predicate_for(self.total, self.predicate_levels)


def predicate_levels(scale_code: str = DEFAULT_SCALE) -> list[ScaleLevel]:
    """A scale's levels, best first; load once for a page that scores several years. [] when unknown."""
    if not scale_code:
        return []
    return list(ScaleLevel.objects.filter(scale__code=scale_code).order_by("-rank"))


def predicate_for(total: Decimal, levels: list[ScaleLevel]) -> ScaleLevel | None:
    """The predicate: bounds '> lower ≤ upper' as stored on the scale's levels (predicate_levels)."""
    for level in levels:
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
    """Every component of the version (flat, in order) with its areas, sub-areas, questions and indicators."""
    return list(
        version.components.order_by("order", "pk").prefetch_related(
            Prefetch("areas", queryset=LkeArea.objects.prefetch_related("subareas__questions")),
            Prefetch("hasil_indicators", queryset=HasilIndicator.objects.prefetch_related("levels")),
        )
    )


def roots_and_children(components: list[Component]) -> tuple[list[Component], dict[int, list[Component]]]:
    children = defaultdict(list)
    for component in components:
        if component.parent_id is not None:
            children[component.parent_id].append(component)
    return [c for c in components if c.parent_id is None], children


@dataclass(frozen=True)
class ChosenOption:
    """What scoring needs of an answer: the option's code and value, or the number answered."""

    code: str
    value: Decimal
    number: Decimal | None = None


def score(assessment: Assessment) -> Result:
    return score_all([assessment])[assessment.pk]


def score_all(assessments: list[Assessment]) -> dict[int, Result]:
    """Assessment id -> score, from one query each for the options, answers and Hasil inputs of all of them."""
    if not assessments:
        return {}
    structures: dict = {}
    chosen, inputs = chosen_answers(assessments), defaultdict(dict)
    for item in HasilInput.objects.filter(assessment__in=assessments).select_related("level"):
        inputs[item.assessment_id][item.indicator_id] = item
    scales: dict[str, list[ScaleLevel]] = {}
    results = {}
    for assessment in assessments:
        version = assessment.version
        if version.pk not in structures:
            structures[version.pk] = structure(version)
        if version.predicate_scale not in scales:
            scales[version.predicate_scale] = predicate_levels(version.predicate_scale)
        results[assessment.pk] = score_values(
            structures[version.pk],
            chosen[assessment.pk],
            inputs[assessment.pk],
            scales[version.predicate_scale],
            version.total_weight,
        )
    return results


def chosen_answers(assessments: list[Assessment]) -> dict[int, dict[int, ChosenOption | None]]:
    """Assessment id -> question id -> its effective answer (two queries for all of them)."""
    chosen = defaultdict(dict)
    options = {
        pk: ChosenOption(code, value)
        for pk, code, value in Option.objects.filter(
            question__subarea__area__component__version_id__in={a.version_id for a in assessments}
        ).values_list("pk", "code", "value")
    }
    answers = Answer.objects.filter(assessment__in=assessments)
    for assessment_id, question_id, asesor_option, final_option, asesor_number, final_number in answers.values_list(
        "assessment_id", "question_id", "asesor_option_id", "final_option_id", "asesor_number", "final_number"
    ):
        number = final_number if final_number is not None else asesor_number  # as Answer.effective_number
        if number is not None:
            chosen[assessment_id][question_id] = ChosenOption("", ZERO, number)
        else:
            chosen[assessment_id][question_id] = options.get(final_option or asesor_option)  # effective_option
    return chosen


def question_values(assessment: Assessment, questions: list[Question]) -> dict[int, Decimal | None]:
    """Each question's 0–1 value as scored (the worksheet's rules applied), for the per-question appendix."""
    return _question_values(questions, chosen_answers([assessment])[assessment.pk])


def score_values(
    components: list[Component],
    chosen: dict,
    inputs: dict,
    levels: list[ScaleLevel] | None = None,
    total_weight: Decimal | None = HUNDRED,
) -> Result:
    """`chosen` maps a question id to its effective answer (anything with `code`, `value` and `number`)."""
    questions = [
        q for c in components for area in c.areas.all() for s in area.subareas.all() for q in s.questions.all()
    ]
    values = _question_values(questions, chosen)
    roots, children = roots_and_children(components)
    tally = {"missing": 0}
    trees = [_component_score(root, children, values, inputs, tally, 0) for root in roots]
    nodes = [node for tree in trees for node in tree.walk()]
    by_code = {c.code: c for c in components}
    pengungkit, hasil = by_code.get(Component.Code.PENGUNGKIT), by_code.get(Component.Code.HASIL)
    return Result(
        areas=[area for node in nodes for area in node.areas],
        hasil=[item for node in nodes for item in node.hasil],
        pengungkit_weight=pengungkit.weight if pengungkit else None,
        hasil_weight=hasil.weight if hasil else None,
        missing_answers=tally["missing"],
        predicate_levels=levels,
        components=trees,
        total_weight=total_weight,
        questions=len(questions),
    )


def _component_score(component, children, values, inputs, tally, depth) -> ComponentScore:
    node = ComponentScore(component.code, component.name, component.weight, component.certainty, depth)
    node.children = [_component_score(c, children, values, inputs, tally, depth + 1) for c in children[component.pk]]
    node.areas = [_area_score(area, values, tally) for area in component.areas.all()]
    node.hasil = [_hasil_score(indicator, inputs.get(indicator.pk)) for indicator in component.hasil_indicators.all()]
    return node


def _area_score(area: LkeArea, values: dict, tally: dict) -> AreaScore:
    area_score = AreaScore(area.number, area.name, area.weight, None)
    for subarea in area.subareas.all():
        sub_questions = list(subarea.questions.all())
        answered = [q for q in sub_questions if values.get(q.pk) is not None]
        tally["missing"] += len(sub_questions) - len(answered)
        value = None
        if sub_questions and subarea.weight is not None:
            average = sum((values.get(q.pk) or ZERO for q in sub_questions), ZERO) / len(sub_questions)
            value = average * subarea.weight
        area_score.subareas.append(
            SubAreaScore(subarea.code, subarea.name, subarea.weight, len(sub_questions), len(answered), value)
        )
    subarea_values = [s.value for s in area_score.subareas]
    area_score.value = _sum(subarea_values) if subarea_values and area.weight is not None else None
    return area_score


def answer_value(question: Question, answer: ChosenOption | None) -> Decimal | None:
    """An answer's 0–1 value before the worksheet's cross-question rules; None when unanswered."""
    if answer is None:
        return None
    if question.answer_type not in NUMBER_TYPES:
        return answer.value if answer.number is None else None
    if answer.number is None:
        return None
    maximum = HUNDRED if question.answer_type == AnswerType.PERCENT else question.input_max
    if not maximum:
        return None
    return min(max(answer.number / maximum, ZERO), Decimal(1))


def _question_values(questions: list[Question], chosen: dict) -> dict[int, Decimal | None]:
    """Answer values with the worksheet's rules applied; None for unanswered questions."""
    by_code = {q.code: q for q in questions}
    values: dict[int, Decimal | None] = {}
    for question in questions:  # in worksheet order, so a referenced question is already valued
        option = chosen.get(question.pk)
        value = answer_value(question, option)
        if value is None:
            values[question.pk] = None
            continue
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
    def result(text: str, value: Decimal | None) -> HasilScore:
        return HasilScore(indicator.code, indicator.name, indicator.weight, text, value)

    if indicator.weight is None:
        return result("", None)
    if item is None:
        return result("", ZERO)
    if item.level_id is not None:
        return result(item.level.code, item.level.score)
    if item.value is None or not indicator.input_max:
        return result("", ZERO)
    return result(decimal_text(item.value), item.value / indicator.input_max * indicator.weight)


def weight_problems(version: WorksheetVersion) -> list[str]:
    """Messages for every total that does not add up: top components to the version's total, each
    component's parts to the component, sub-areas to their area."""
    problems = []
    components = structure(version)
    roots, children = roots_and_children(components)
    expected = version.total_weight
    top = _sum(c.weight for c in roots)
    if expected is None:
        problems.append("Bobot total versi belum diketahui.")
    elif top is not None and top != expected:
        problems.append(f"Jumlah bobot komponen {top.normalize()}, seharusnya {expected.normalize()}.")
    for component in components:
        problems += _component_problems(component, children[component.pk])
    return problems


def _text(weight: Decimal) -> str:
    return str(weight.normalize())


def _component_problems(component: Component, children: list[Component]) -> list[str]:
    areas, indicators = list(component.areas.all()), list(component.hasil_indicators.all())
    parts = [c.weight for c in children] + [a.weight for a in areas] + [i.weight for i in indicators]
    problems = []
    if component.weight is None:
        problems.append(f"Bobot {component.name} belum diketahui.")
    if not parts:
        problems.append(f"{component.name} belum berisi bagian, area atau indikator.")
    elif any(weight is None for weight in parts):
        problems.append(f"Sebagian bobot di bawah {component.name} belum diketahui.")
    elif component.weight is not None and sum(parts, ZERO) != component.weight:
        total = sum(parts, ZERO)
        if areas and not children and not indicators:
            problems.append(
                f"Jumlah bobot area {_text(total)} tidak sama dengan bobot {component.name} {_text(component.weight)}."
            )
        elif indicators and not children and not areas:
            problems.append(
                f"Jumlah bobot indikator {component.name} {_text(total)}, seharusnya {_text(component.weight)}."
            )
        else:
            problems.append(
                f"Jumlah bobot bagian {component.name} {_text(total)}, seharusnya {_text(component.weight)}."
            )
    for area in areas:
        subs = [s.weight for s in area.subareas.all()]
        if area.weight is None or any(weight is None for weight in subs):
            problems.append(f"Area {area.name}: bobot belum diketahui.")
        elif sum(subs, ZERO) != area.weight:
            problems.append(
                f"Area {area.name}: jumlah bobot sub-area {_text(sum(subs, ZERO))}, seharusnya {_text(area.weight)}."
            )
    return problems
