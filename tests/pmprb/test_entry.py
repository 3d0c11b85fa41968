"""Entering an assessment: an area in one POST, progress, evidence per question, Finalkan and reopening."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import WorkflowError
from pmprb import workflow
from pmprb.forms import SignatoryForm
from pmprb.models import Answer, Assessment, AssessmentEvent, LkeArea, Question, QuestionEvidence
from tests import factories

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assessment(evaluator):
    return workflow.create_assessment(evaluator, 2019)


def area_questions(assessment, number=1) -> list[Question]:
    return list(
        Question.objects.filter(subarea__area__component__version=assessment.version, subarea__area__number=number)
        .order_by("subarea__order", "order")
        .prefetch_related("options")
    )


def best(question):
    return max(question.options.all(), key=lambda option: option.value)


def test_an_areas_answers_are_saved_together_and_the_page_keeps_its_place(client, evaluator, assessment):
    questions = area_questions(assessment)
    client.force_login(evaluator)
    data = {f"a-{q.pk}": best(q).pk for q in questions} | {f"an-{questions[0].pk}": "SK ada", "anchor": "s123"}
    response = client.post(reverse("pmprb:area", args=[assessment.pk, 1]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("pmprb:area", args=[assessment.pk, 1]) + "#s123"
    assert Answer.objects.filter(assessment=assessment, asesor_option__isnull=False).count() == len(questions) == 18
    page = client.get(response["Location"]).content.decode()
    assert "18 dari 18 pertanyaan dijawab." in page and "18/18" in page


def test_an_unchanged_answer_keeps_who_answered_it(client, evaluator, administrator, assessment):
    q, other = area_questions(assessment)[:2]
    workflow.answer_question(evaluator, assessment, q, best(q))
    client.force_login(administrator)
    client.post(
        reverse("pmprb:area", args=[assessment.pk, 1]), {f"a-{q.pk}": best(q).pk, f"a-{other.pk}": best(other).pk}
    )
    assert Answer.objects.get(question=q).answered_by == evaluator
    assert Answer.objects.get(question=other).answered_by == administrator


@pytest.mark.parametrize("bad", ["option_of_other", "unknown", "text"])
def test_one_bad_answer_saves_nothing_of_the_area(client, evaluator, assessment, bad):
    questions = area_questions(assessment)
    data = {f"a-{q.pk}": best(q).pk for q in questions}
    last = questions[-1]
    data[f"a-{last.pk}"] = {"option_of_other": best(questions[0]).pk, "unknown": 999999, "text": "A"}[bad]
    client.force_login(evaluator)
    page = client.post(reverse("pmprb:area", args=[assessment.pk, 1]), data, follow=True).content.decode()
    assert "Tidak ada yang disimpan" in page
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_an_anchor_is_only_a_place_on_the_page(client, evaluator, assessment):
    client.force_login(evaluator)
    response = client.post(reverse("pmprb:area", args=[assessment.pk, 1]), {"anchor": '"><script>'})
    assert response["Location"] == reverse("pmprb:area", args=[assessment.pk, 1])


def test_progress_per_area_on_the_assessment_page(client, evaluator, assessment):
    q = area_questions(assessment, 2)[0]
    workflow.answer_question(evaluator, assessment, q, best(q))
    client.force_login(evaluator)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "1/4" in page and "0/18" in page


def test_evidence_per_question_files_links_and_notes(client, evaluator, verifier, operator_a, assessment):
    q = area_questions(assessment)[0]
    url = reverse("pmprb:add_evidence", args=[assessment.pk, q.pk])
    client.force_login(evaluator)
    client.post(url, {"file": SimpleUploadedFile("sk-tim.pdf", PDF)})
    client.post(url, {"url": "https://jdih.pasuruankab.go.id/sk-tim", "note": "SK Bupati"})
    response = client.post(url, {}, follow=True)
    assert "Isi berkas, tautan atau catatan." in response.content.decode()
    items = list(QuestionEvidence.objects.filter(assessment=assessment, question=q).order_by("pk"))
    assert [(e.original_name, e.url, e.note) for e in items] == [
        ("sk-tim.pdf", "", ""),
        ("", "https://jdih.pasuruankab.go.id/sk-tim", "SK Bupati"),
    ]
    page = client.get(reverse("pmprb:area", args=[assessment.pk, 1])).content.decode()
    assert "sk-tim.pdf" in page and "jdih.pasuruankab.go.id/sk-tim" in page
    file_url = reverse("pmprb:evidence_file", args=[items[0].pk])
    client.force_login(verifier)
    assert client.get(file_url).status_code == 200
    client.force_login(operator_a)
    assert client.get(file_url).status_code == 403
    assert client.post(url, {"note": "x"}).status_code == 403


def test_evidence_refuses_a_disallowed_file_and_a_final_assessment(evaluator, assessment):
    q = area_questions(assessment)[0]
    with pytest.raises(WorkflowError, match="bukan jenis yang diizinkan"):
        workflow.add_question_evidence(evaluator, assessment, q, SimpleUploadedFile("x.pdf", b"MZ\x90"))
    workflow.finalise_assessment(evaluator, assessment)
    with pytest.raises(WorkflowError, match="sudah final"):
        workflow.add_question_evidence(evaluator, assessment, q, note="terlambat")
    assert not QuestionEvidence.objects.exists()


def test_finalkan_asks_for_confirmation_and_lists_what_is_unanswered(client, evaluator, assessment):
    q = area_questions(assessment)[0]
    workflow.answer_question(evaluator, assessment, q, best(q))
    client.force_login(evaluator)
    url = reverse("pmprb:finalise", args=[assessment.pk])
    page = client.get(url).content.decode()
    assert "145 pertanyaan belum dijawab" in page and "1.1.b" in page and f'#q{q.pk}"' not in page
    client.post(url)  # no confirmation: nothing happens
    assessment.refresh_from_db()
    assert assessment.is_draft
    client.post(url, {"confirm": "1"})
    assessment.refresh_from_db()
    assert assessment.is_final
    event = assessment.events.get(action=AssessmentEvent.Action.FINALISED)
    assert event.user == evaluator and "145 pertanyaan belum dijawab" in event.reason


def test_workflow_refuses_to_finalise_unanswered_questions_unconfirmed(evaluator, assessment):
    with pytest.raises(WorkflowError, match="konfirmasi"):
        workflow.finalise_assessment(evaluator, assessment, confirmed=False)
    assessment.refresh_from_db()
    assert assessment.is_draft


def test_only_an_administrator_reopens_with_a_reason_kept_in_the_history(client, evaluator, administrator, assessment):
    workflow.finalise_assessment(evaluator, assessment)
    url = reverse("pmprb:reopen", args=[assessment.pk])
    client.force_login(evaluator)
    assert client.post(url, {"reason": "salah isi"}).status_code == 403
    client.force_login(administrator)
    page = client.post(url, {"reason": "  "}, follow=True).content.decode()
    assert "Alasan membuka kembali wajib diisi." in page
    assessment.refresh_from_db()
    assert assessment.is_final
    page = client.post(url, {"reason": "Bukti area 7 baru diterima."}, follow=True).content.decode()
    assessment.refresh_from_db()
    assert assessment.is_draft and "Bukti area 7 baru diterima." in page
    event = assessment.events.get(action=AssessmentEvent.Action.REOPENED)
    assert (event.user, event.reason) == (administrator, "Bukti area 7 baru diterima.")


def test_a_draft_cannot_be_reopened(administrator, assessment):
    with pytest.raises(WorkflowError, match="belum final"):
        workflow.reopen_assessment(administrator, assessment, "x")


def test_a_sub_area_without_questions_says_so_instead_of_inventing(client, evaluator):
    from pmprb.models import WorksheetVersion

    version = WorksheetVersion.objects.get(code="permenpan-26-2020")
    assessment = Assessment.objects.create(version=version, year=2021, created_by=evaluator)
    client.force_login(evaluator)
    page = client.get(reverse("pmprb:area", args=[assessment.pk, 1])).content.decode()
    assert "belum dimuat untuk versi LKE ini" in page and "belum diketahui" in page
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert "PermenPAN-RB 26/2020" in detail and "belum lengkap" in detail
    assert LkeArea.objects.get(component__version=version, number=1).weight == 2
    assert factories.lke_2014().name not in detail


def test_finalkan_warns_when_the_report_is_not_ready_to_sign(client, evaluator, assessment):
    client.force_login(evaluator)
    url = reverse("pmprb:finalise", args=[assessment.pk])
    assert "penandatangan belum diisi" in client.get(url).content.decode()
    client.post(
        reverse("pmprb:report_details", args=[assessment.pk]),
        {
            "report_number": "700/1/2020",
            "evaluation_date": "2020-02-15",
            "signatory_name": "Inspektur",
            "signatory_nip": "196801011990031001",
            "signatory_rank": "Pembina (IV/a)",
            "signatory_title": "Inspektur",
        },
    )
    assessment.refresh_from_db()
    assert assessment.report_number == "700/1/2020" and assessment.signatory_rank == "Pembina (IV/a)"
    assert "penandatangan belum diisi" not in client.get(url).content.decode()


def test_a_bad_nip_changes_nothing(client, evaluator, assessment):
    client.force_login(evaluator)
    data = {"signatory_title": "Inspektur", "signatory_nip": "12ab", "signatory_name": "X"}
    page = client.post(reverse("pmprb:report_details", args=[assessment.pk]), data, follow=True)
    assert "NIP terdiri atas 18 angka." in page.content.decode()
    assessment.refresh_from_db()
    assert assessment.signatory_name == ""


def test_report_details_read_before_a_finalise_do_not_reopen_it(evaluator, assessment):
    """The details form was bound to the assessment as a draft; a Finalkan in between wins, and the
    late save neither writes the old status back nor slips past the final state."""
    stale = Assessment.objects.get(pk=assessment.pk)
    form = SignatoryForm({"report_number": "700/01/2019", "signatory_title": "Inspektur", "team": "A"}, instance=stale)
    assert form.is_valid(), form.errors
    workflow.finalise_assessment(evaluator, assessment)
    with pytest.raises(WorkflowError, match="sudah final"):
        workflow.set_report_details(evaluator, stale, form)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FINAL and assessment.report_number == ""
