"""pmprb.forms.area_answers: the posted area form read into the answers workflow.save_answers stores."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from core.errors import WorkflowError
from pmprb.forms import area_answers
from pmprb.models import AnswerType, Question
from tests import factories


@pytest.fixture
def questions(db):
    """Two option questions of the 14/2014 model and one percent question (not saved: it has no options)."""
    options = list(
        Question.objects.filter(subarea__area__component__version=factories.lke_2014())
        .order_by("subarea__order", "order")
        .prefetch_related("options")[:2]
    )
    return [*options, Question(pk=10**9, code="p.1", answer_type=AnswerType.PERCENT)]


def test_only_the_posted_fields_become_answers_each_with_its_stage_and_note(questions):
    first, second, percent = questions
    option = first.options.all()[0]
    post = QueryDict(mutable=True)
    post.update({f"a-{first.pk}": str(option.pk), f"an-{first.pk}": "SK ada", f"f-{percent.pk}": "1.234,5"})
    items = area_answers(post, questions)
    assert [(i.question, i.stage, i.note) for i in items] == [(first, "asesor", "SK ada"), (percent, "final", "")]
    assert items[0].option == option and items[1].number == Decimal("1234.5")


def test_an_emptied_field_is_an_answer_taken_back(questions):
    first, _second, percent = questions
    post = QueryDict(mutable=True)
    post.update({f"a-{first.pk}": " ", f"a-{percent.pk}": ""})
    items = area_answers(post, questions)
    assert [(i.option, i.number) for i in items] == [(None, None), (None, None)]


@pytest.mark.parametrize("typed", ["82.5", "tinggi", "NaN"])
def test_a_number_that_cannot_be_read_is_refused_naming_the_question(questions, typed):
    post = QueryDict(mutable=True)
    post[f"a-{questions[2].pk}"] = typed
    with pytest.raises(WorkflowError, match=r"^p\.1: "):
        area_answers(post, questions)


@pytest.mark.parametrize("typed", ["x", "١", "9" * 19])
def test_an_option_that_is_not_the_questions_own_is_refused(questions, typed):
    first, second, _percent = questions
    post = QueryDict(mutable=True)
    post[f"a-{first.pk}"] = typed
    with pytest.raises(WorkflowError, match=f"Pilihan jawaban {first.code} tidak dikenal"):
        area_answers(post, questions)
    post[f"a-{first.pk}"] = str(second.options.all()[0].pk)
    with pytest.raises(WorkflowError, match=f"Pilihan jawaban {first.code} tidak dikenal"):
        area_answers(post, questions[:1])
