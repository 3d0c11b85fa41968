"""TLHP: the Inspektorat accepts or rejects each OPD follow-up; a recommendation closes only when accepted."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.errors import WorkflowError
from notifications.models import Kind, Notification
from pmprb import workflow
from pmprb.models import FollowUpDecision, FollowUpStatus, LkeArea, Recommendation
from roadmap.models import OPD
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(evaluator):
    area = LkeArea.objects.get(component__version=factories.lke_2014(), number=2)
    finding = workflow.add_finding(evaluator, 2023, area, "Evaluasi produk hukum belum berkala.")
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    return workflow.add_recommendation(evaluator, finding, "Jadwalkan evaluasi.", hukum, date.today() - timedelta(1))


def test_an_opd_cannot_close_its_own_finding(client, operator_a, recommendation):
    client.force_login(operator_a)
    client.post(recommendation.get_absolute_url(), {"status": "selesai", "note": "Sudah dievaluasi."})
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.IN_REVIEW and not recommendation.is_closed
    assert recommendation.is_overdue  # still counts until the Inspektorat accepts it
    for status in ("tdtl", "belum", "diperiksa"):
        with pytest.raises(WorkflowError, match="tidak dikenal"):
            workflow.record_follow_up(operator_a, recommendation, status, "tutup sendiri")


def test_accepted_closes_the_recommendation(client, evaluator, operator_a, recommendation):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah dievaluasi.")
    client.force_login(evaluator)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Catat keputusan" in page
    client.post(reverse("pmprb:decide_follow_up", args=[follow_up.pk]), {"decision": "sesuai"})
    recommendation.refresh_from_db()
    follow_up.refresh_from_db()
    assert recommendation.status == FollowUpStatus.DONE and recommendation.is_closed
    assert (follow_up.decision, follow_up.decided_by) == (FollowUpDecision.ACCEPTED, evaluator)
    assert Recommendation.objects.overdue().count() == 0
    with pytest.raises(WorkflowError, match="sudah ditutup"):
        workflow.record_follow_up(operator_a, recommendation, "proses", "lagi")


def test_not_yet_needs_a_note_and_reopens_the_work(evaluator, operator_a, recommendation):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah.")
    with pytest.raises(WorkflowError, match="Catatan wajib"):
        workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.NOT_YET, " ")
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.IN_REVIEW
    workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.NOT_YET, "Bukti jadwal belum ada.")
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.RETURNED and not recommendation.is_closed
    with pytest.raises(WorkflowError, match="sudah dinilai"):
        workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.ACCEPTED)


def test_cannot_be_followed_up_is_a_decision_with_a_note(evaluator, operator_a, recommendation):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "proses", "Anggaran tidak tersedia.")
    workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.UNABLE, "Di luar kewenangan OPD.")
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.UNABLE and not recommendation.is_overdue


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "verifier"])
def test_only_the_inspektorat_decides(client, request, operator_a, recommendation, persona):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah.")
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("pmprb:decide_follow_up", args=[follow_up.pk]), {"decision": "sesuai"})
    assert response.status_code in {403, 404}
    recommendation.refresh_from_db()
    follow_up.refresh_from_db()
    assert recommendation.status == FollowUpStatus.IN_REVIEW and not follow_up.decision


def test_an_unknown_decision_changes_nothing(client, evaluator, operator_a, recommendation):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah.")
    client.force_login(evaluator)
    page = client.post(reverse("pmprb:decide_follow_up", args=[follow_up.pk]), {"decision": "tutup"}, follow=True)
    assert "Keputusan tidak dikenal." in page.content.decode()
    follow_up.refresh_from_db()
    assert not follow_up.decision


ACCEPTED_TEXT = "selesai (diterima Inspektorat)"


def test_a_submitted_follow_up_waits_for_the_inspektorat_and_never_reads_as_accepted(
    client, evaluator, operator_a, recommendation
):
    client.force_login(operator_a)
    client.post(recommendation.get_absolute_url(), {"status": "selesai", "note": "Sudah dievaluasi."})
    follow_up = recommendation.follow_ups.get()
    assert follow_up.status == FollowUpStatus.IN_REVIEW
    for user in (operator_a, evaluator):
        client.force_login(user)
        page = client.get(recommendation.get_absolute_url()).content.decode()
        assert ACCEPTED_TEXT not in page and "menunggu pemeriksaan Inspektorat" in page
    told = Notification.objects.get(recipient=evaluator, kind=Kind.FOLLOW_UP)
    assert "diterima" not in told.message and "menunggu pemeriksaan" in told.message


def test_not_yet_sends_the_follow_up_back_to_the_opd_with_the_note(client, evaluator, operator_a, recommendation):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah dievaluasi.")
    client.force_login(evaluator)
    client.post(
        reverse("pmprb:decide_follow_up", args=[follow_up.pk]),
        {"decision": "belum_sesuai", "note": "Notulen rapat evaluasi belum dilampirkan."},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.RETURNED and recommendation.is_overdue
    told = Notification.objects.get(recipient=operator_a, kind=Kind.FOLLOW_UP_DECIDED)
    assert "belum sesuai" in told.message and "Notulen rapat evaluasi belum dilampirkan." in told.message
    assert told.url == recommendation.get_absolute_url()
    assert not Notification.objects.filter(recipient=evaluator, kind=Kind.FOLLOW_UP_DECIDED).exists()
    client.force_login(operator_a)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert ACCEPTED_TEXT not in page and "menunggu pemeriksaan" not in page
    assert "dikembalikan ke OPD" in page and "Notulen rapat evaluasi belum dilampirkan." in page
    assert "Catat tindak lanjut" in page  # the OPD works on it again
    client.post(recommendation.get_absolute_url(), {"status": "selesai", "note": "Notulen dilampirkan."})
    recommendation.refresh_from_db()
    assert recommendation.status == FollowUpStatus.IN_REVIEW


def test_only_acceptance_reads_as_done(client, evaluator, operator_a, recommendation):
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah dievaluasi.")
    workflow.decide_follow_up(evaluator, follow_up, FollowUpDecision.ACCEPTED)
    client.force_login(operator_a)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert page.count(ACCEPTED_TEXT) == 2  # the recommendation's status and the accepted step


def test_the_migration_gives_recorded_steps_their_true_state(evaluator, operator_a, recommendation):
    """Rows written before the fix: an OPD's 'selesai' stored as done, a rejected one left 'dalam proses'."""
    import importlib

    from django.apps import apps

    from pmprb.models import FollowUp

    true_states = importlib.import_module("pmprb.migrations.0009_follow_up_returned_state").true_states
    rejected = FollowUp.objects.create(
        recommendation=recommendation,
        status="selesai",
        note="Sudah.",
        recorded_by=operator_a,
        decision="belum_sesuai",
        decision_note="Kurang.",
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(status="proses")
    true_states(apps, None)
    rejected.refresh_from_db(), recommendation.refresh_from_db()
    assert rejected.status == FollowUpStatus.IN_REVIEW and rejected.state_label == FollowUpStatus.RETURNED.label
    assert recommendation.status == FollowUpStatus.RETURNED
