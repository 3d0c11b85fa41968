"""The audit histories are hash-chained: a row changed outside the application is found and named."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, models, transaction

from core import history
from monev import workflow
from monev.models import ReportEvent
from pmprb import workflow as pmprb_workflow
from pmprb.models import AssessmentEvent
from tests import factories


@pytest.fixture
def returned_report(operator_a, verifier, open_period, activity_a):
    """A report with four history rows: saved, submitted, returned, commented."""
    realisation = factories.report(operator_a, open_period, activity_a, submit=True)
    workflow.return_report(verifier, realisation, "Lampirkan notulen.")
    workflow.add_comment(verifier, realisation, "Notulen rapat kedua juga.")
    return realisation


def verify_output() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_history", stdout=out)
    return out.getvalue()


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_each_report_event_links_to_the_one_before_it(returned_report, operator_b, open_period, activity_b):
    other = factories.report(operator_b, open_period, activity_b)
    events = list(returned_report.events.order_by("pk"))
    assert [e.action for e in events] == ["saved", "submitted", "returned", "comment"]
    assert events[0].prev_hash == history.GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(len(e.hash) == 64 for e in events)
    # another report's history is its own chain
    assert other.events.get().prev_hash == history.GENESIS
    assert "monev.reportevent: 5 entri dalam 2 rantai utuh" in verify_output()


def test_a_row_changed_with_sql_makes_the_command_fail_and_name_it(returned_report):
    returned = returned_report.events.get(action="returned")
    raw("UPDATE monev_reportevent SET note = %s WHERE id = %s", ["Sudah sesuai.", returned.pk])
    with pytest.raises(CommandError) as failure:
        call_command("verify_history")
    assert f"entri #{returned.pk} (induk #{returned_report.pk}): content changed" in str(failure.value)
    assert "1 dari 4 entri" in str(failure.value)


@pytest.mark.parametrize(
    ("column", "value"),
    [("at", "2020-01-01 00:00:00"), ("action", "verified"), ("changes", '{"status": ["draf", "terverifikasi"]}')],
)
def test_every_chained_column_is_covered(returned_report, column, value):
    event = returned_report.events.get(action="submitted")
    raw(f"UPDATE monev_reportevent SET {column} = %s WHERE id = %s", [value, event.pk])
    with pytest.raises(CommandError, match=f"entri #{event.pk} "):
        call_command("verify_history")


def test_the_actor_is_covered(returned_report, operator_b):
    event = returned_report.events.get(action="returned")
    raw("UPDATE monev_reportevent SET actor_id = %s WHERE id = %s", [operator_b.pk, event.pk])
    with pytest.raises(CommandError, match=f"entri #{event.pk} "):
        call_command("verify_history")


def test_a_deleted_row_is_named_by_the_row_after_it(returned_report):
    submitted, returned = returned_report.events.filter(action__in=["submitted", "returned"]).order_by("pk")
    raw("DELETE FROM monev_reportevent WHERE id = %s", [submitted.pk])
    with pytest.raises(CommandError, match=f"entri #{returned.pk} .*previous row removed, added or changed"):
        call_command("verify_history")


def test_a_row_recomputed_alone_still_breaks_the_next_link(returned_report):
    """Rewriting one row and its own hash is not enough: the next row names the old hash."""
    returned = returned_report.events.get(action="returned")
    returned.note = "Sudah sesuai."
    new_hash = returned.compute_hash()
    raw("UPDATE monev_reportevent SET note = %s, hash = %s WHERE id = %s", ["Sudah sesuai.", new_hash, returned.pk])
    comment = returned_report.events.get(action="comment")
    with pytest.raises(CommandError, match=f"entri #{comment.pk} "):
        call_command("verify_history")


def test_an_assessment_history_row_changed_with_sql_is_named(evaluator, administrator):
    assessment = pmprb_workflow.create_assessment(evaluator, 2023, version=factories.lke_2014())
    pmprb_workflow.finalise_assessment(evaluator, assessment)
    pmprb_workflow.reopen_assessment(administrator, assessment, "Salah ketik nilai 1.1.a.")
    reopened = assessment.events.get(action="reopened")
    assert "pmprb.assessmentevent: 3 entri dalam 1 rantai utuh" in verify_output()
    raw("UPDATE pmprb_assessmentevent SET reason = %s WHERE id = %s", ["", reopened.pk])
    with pytest.raises(CommandError, match=f"pmprb.assessmentevent: 1 dari 3 entri .* entri #{reopened.pk} "):
        call_command("verify_history")


def test_history_rows_cannot_be_changed_through_the_application(returned_report):
    event = returned_report.events.first()
    event.note = "diubah"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ReportEvent.objects.filter(pk=event.pk).update(note="diubah")
    with pytest.raises(TypeError):
        AssessmentEvent.objects.update(reason="diubah")


def test_rows_created_in_bulk_are_chained_after_the_existing_ones(returned_report, operator_a):
    newest = returned_report.events.order_by("-pk").first()
    created = ReportEvent.objects.bulk_create(
        [ReportEvent(realisation=returned_report, actor=operator_a, action="comment", note=f"n{i}") for i in range(3)]
    )
    assert created[0].prev_hash == newest.hash and created[2].prev_hash == created[1].hash
    verify_output()  # no CommandError


def test_a_fork_of_a_chain_is_refused_by_the_database(returned_report, operator_a):
    """Two writers linking to the same newest row: the second insert fails instead of forking the chain."""
    newest = returned_report.events.order_by("-pk").first()
    fork = ReportEvent(realisation=returned_report, actor=operator_a, action="comment", note="x")
    fork.link(newest.prev_hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        models.QuerySet(ReportEvent).bulk_create([fork])  # the plain queryset does not relink


def test_the_migration_relink_gives_the_hashes_the_application_writes(
    returned_report, operator_b, open_period, activity_b
):
    factories.report(operator_b, open_period, activity_b)
    before = dict(ReportEvent.objects.values_list("pk", "hash"))
    raw("UPDATE monev_reportevent SET hash = ''", [])
    relinked = history.relink(
        ReportEvent, "monev.reportevent", "realisation_id", ("realisation", "actor", "at", "action", "changes", "note")
    )
    assert relinked == 5
    assert dict(ReportEvent.objects.values_list("pk", "hash")) == before
