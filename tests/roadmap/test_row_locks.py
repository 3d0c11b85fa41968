"""Every state change happens once, however many requests arrive together: ten concurrent finalise,
reopen, TLHP decision or report verification requests write exactly one history event, and the other
nine get a clear refusal, never a 500.

The requests run in threads on their own connections against the configured database (CI runs this
on SQLite and on PostgreSQL), so the rows they read must be committed: transaction=True. The flush
after each such test empties the database, so every test here (and the module, for the tests after
it) first restores the reference data; the module has no app conftest whose autouse fixtures would
read the database before that.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from monev import workflow as monev_workflow
from monev.models import Realisation, ReportEvent
from monev.periods import ensure_periods
from pmprb import workflow
from pmprb.models import Assessment, AssessmentEvent, FollowUp, FollowUpDecision, LkeArea
from roadmap.models import OPD
from tests import factories
from tests.concurrency import race
from tests.conftest import restore_reference_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

User = get_user_model()


@pytest.fixture(scope="module", autouse=True)
def restored_for_the_tests_after(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.fixture(autouse=True)
def reference_data():
    restore_reference_data()


def events(assessment: Assessment, action: str) -> int:
    return AssessmentEvent.objects.filter(assessment=assessment, action=action).count()


def test_ten_concurrent_finalise_requests_write_one_event(evaluator):
    assessment = workflow.create_assessment(evaluator, 2019)

    def request():
        user, draft = User.objects.get(pk=evaluator.pk), Assessment.objects.get(pk=assessment.pk)
        assert draft.status == Assessment.Status.DRAFT  # what the page showed: a Finalkan button
        return lambda: workflow.finalise_assessment(user, draft)

    outcomes = race(request)
    assert sorted(outcomes) == ["done"] + ["refused"] * 9
    assert events(assessment, AssessmentEvent.Action.FINALISED) == 1


def test_ten_concurrent_reopen_requests_write_one_event(evaluator, administrator):
    assessment = workflow.finalise_assessment(evaluator, workflow.create_assessment(evaluator, 2019))

    def request():
        user, final = User.objects.get(pk=administrator.pk), Assessment.objects.get(pk=assessment.pk)
        return lambda: workflow.reopen_assessment(user, final, "Koreksi jawaban 2.a.")

    outcomes = race(request)
    assert sorted(outcomes) == ["done"] + ["refused"] * 9
    assert events(assessment, AssessmentEvent.Action.REOPENED) == 1


def test_ten_concurrent_decisions_on_a_follow_up_decide_it_once(evaluator, operator_a):
    area = LkeArea.objects.get(component__version=factories.lke_2014(), number=2)
    finding = workflow.add_finding(evaluator, 2023, area, "Evaluasi produk hukum belum berkala.")
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    recommendation = workflow.add_recommendation(evaluator, finding, "Jadwalkan evaluasi.", hukum, date(2030, 1, 1))
    follow_up = workflow.record_follow_up(operator_a, recommendation, "selesai", "Sudah dievaluasi.")
    decisions = iter([FollowUpDecision.ACCEPTED] + [FollowUpDecision.NOT_YET] * 9)

    def request():
        user, undecided = User.objects.get(pk=evaluator.pk), FollowUp.objects.get(pk=follow_up.pk)
        decision = next(decisions)
        return lambda: workflow.decide_follow_up(user, undecided, decision, "Belum ada jadwal.")

    outcomes = race(request)
    assert sorted(outcomes) == ["done"] + ["refused"] * 9
    follow_up.refresh_from_db()
    assert follow_up.decided_at is not None


@pytest.mark.parametrize("action", ["verify", "return_report"])
def test_ten_concurrent_verifier_decisions_on_a_report_write_one_event(action, operator_a, verifier):
    ensure_periods(factories.perbup_roadmap())
    report = factories.report(operator_a, factories.period(2023, 2), factories.activity_of("Bagian Hukum"), submit=True)
    decide = getattr(monev_workflow, action)
    arguments = ["Lampirkan notulen."] if action == "return_report" else []

    def request():
        user, submitted = User.objects.get(pk=verifier.pk), Realisation.objects.get(pk=report.pk)
        return lambda: decide(user, submitted, *arguments)  # as bulk verify does: no version posted

    outcomes = race(request)
    assert sorted(outcomes) == ["done"] + ["refused"] * 9
    done = {"verify": ReportEvent.Action.VERIFIED, "return_report": ReportEvent.Action.RETURNED}[action]
    assert ReportEvent.objects.filter(realisation=report, action=done).count() == 1
