"""TLHP: the Inspektorat accepts or rejects each OPD follow-up; a recommendation closes only when accepted."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.errors import WorkflowError
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
    assert recommendation.status == FollowUpStatus.IN_PROGRESS
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
