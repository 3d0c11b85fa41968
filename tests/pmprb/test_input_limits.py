"""Every text of the PMPRB pages has a limit the form states; a longer text is refused with a clear
message and nothing is stored or cut (the answer note was cut to 4 000 characters silently, the team
field took megabytes and made the signed PDF take minutes)."""

from datetime import date

import pytest
from django.urls import reverse

from pmprb import workflow
from pmprb.models import (
    Answer,
    Assessment,
    AssessmentEvent,
    FollowUp,
    FollowUpDecision,
    LkeArea,
    Question,
    QuestionEvidence,
)
from roadmap.models import OPD
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(evaluator):
    return workflow.create_assessment(evaluator, 2019)


def first_question(assessment) -> Question:
    return (
        Question.objects.filter(subarea__area__component__version=assessment.version, subarea__area__number=1)
        .order_by("subarea__order", "order")
        .first()
    )


@pytest.mark.parametrize("field", ["an", "fn"])
def test_an_answer_note_over_its_limit_is_refused_not_cut(client, evaluator, assessment, field):
    question = first_question(assessment)
    option = question.options.order_by("-value").first()
    client.force_login(evaluator)
    data = {f"a-{question.pk}": option.pk, f"f-{question.pk}": option.pk, f"{field}-{question.pk}": "c" * 4001}
    page = client.post(reverse("pmprb:area", args=[assessment.pk, 1]), data, follow=True).content.decode()
    assert "Tidak ada yang disimpan" in page and f"{question.code}: Catatan" in page
    assert "4001 karakter, paling banyak 4000" in page
    assert not Answer.objects.filter(assessment=assessment).exists()
    workflow.save_answers(evaluator, assessment, [workflow.AnswerInput(question, option=option, note="c" * 4000)])
    assert len(Answer.objects.get(assessment=assessment).asesor_note) == 4000


def test_the_area_page_states_the_note_limit(client, evaluator, assessment):
    client.force_login(evaluator)
    page = client.get(reverse("pmprb:area", args=[assessment.pk, 1])).content.decode()
    assert "catatan (paling banyak 4.000 karakter)" in page


def test_a_team_over_its_limit_is_refused_and_the_form_states_it(client, evaluator, assessment):
    client.force_login(evaluator)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Paling banyak 2.000 karakter." in page and "Paling banyak 100 karakter." in page  # team, number
    assert "maxlength" not in page.split('action="' + reverse("pmprb:report_details", args=[assessment.pk]))[1]
    data = {"signatory_title": "Inspektur", "team": "Anggota tim\n" * 200}
    page = client.post(reverse("pmprb:report_details", args=[assessment.pk]), data, follow=True).content.decode()
    assert "paling banyak 2000 karakter" in page
    assessment.refresh_from_db()
    assert assessment.team == ""


def test_a_reopen_reason_over_its_limit_is_refused(client, evaluator, administrator, assessment):
    workflow.finalise_assessment(evaluator, assessment)
    with pytest.raises(workflow.WorkflowError, match="paling banyak 4000"):
        workflow.reopen_assessment(administrator, assessment, "r" * 4001)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FINAL
    assert not AssessmentEvent.objects.filter(action=AssessmentEvent.Action.REOPENED).exists()


def test_a_decision_note_over_its_limit_is_refused(evaluator, operator_a):
    area = LkeArea.objects.get(component__version=factories.lke_2014(), number=2)
    finding = workflow.add_finding(evaluator, 2023, area, "Temuan.")
    recommendation = workflow.add_recommendation(
        evaluator, finding, "Rekomendasi.", OPD.objects.get(short_name="Bagian Hukum"), date(2030, 1, 1)
    )
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah.")
    with pytest.raises(workflow.WorkflowError, match="paling banyak 4000"):
        workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.NOT_YET, "n" * 4001)
    assert FollowUp.objects.get(pk=follow_up.pk).decision == ""


def test_an_evidence_note_over_its_limit_is_refused(client, evaluator, assessment):
    question = first_question(assessment)
    client.force_login(evaluator)
    url = reverse("pmprb:add_evidence", args=[assessment.pk, question.pk])
    page = client.post(url, {"note": "b" * 4001}, follow=True).content.decode()
    assert "paling banyak 4000 karakter" in page
    assert not QuestionEvidence.objects.exists()
    with pytest.raises(workflow.WorkflowError, match="paling banyak 4000"):
        workflow.add_question_evidence(evaluator, assessment, question, note="b" * 4001)
