"""A period lock stops the OPDs' edits, not the verifier's work on what was submitted before it; locking
says how many reports still wait and links to them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import WorkflowError
from monev import periods, workflow
from monev.choices import Status
from monev.models import Period, PeriodReopening
from notifications.models import Notification
from tests import factories


def lock(period: Period) -> None:
    period.locked_at = timezone.now()
    period.save()


def test_a_report_submitted_before_the_lock_can_still_be_verified(
    client, operator_a, verifier, open_period, activity_a
):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    lock(open_period)
    client.force_login(verifier)
    page = client.get(report.get_absolute_url()).content.decode()
    assert f'action="{reverse("monev:verify", args=[report.pk])}"' in page
    assert "tetap dapat diverifikasi" in page
    client.post(reverse("monev:verify", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == Status.VERIFIED


def test_bulk_verify_works_on_a_locked_period(client, operator_a, verifier, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    lock(open_period)
    client.force_login(verifier)
    client.post(reverse("monev:bulk_verify"), {"pilih": [report.pk], "confirm": "1"})
    report.refresh_from_db()
    assert report.status == Status.VERIFIED


def test_a_return_after_the_lock_tells_both_sides_the_fix_waits_for_a_reopening(
    client, operator_a, verifier, open_period, activity_a
):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    lock(open_period)
    client.force_login(verifier)
    response = client.post(
        reverse("monev:return", args=[report.pk]), {"note": "Lengkapi bukti.", "version": report.version}, follow=True
    )
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert "membuka kembali" in response.content.decode()
    assert "membuka kembali" in Notification.objects.get(recipient=operator_a).message
    # ... and the lock still stops the OPD: the returned report cannot be edited until a reopening
    with pytest.raises(WorkflowError, match="dikunci"):
        workflow.save_report(
            user=operator_a,
            period=open_period,
            opd=report.opd,
            activity=activity_a,
            values={"narrative": "Diperbaiki."},
            version=report.version,
        )


def test_the_lock_still_stops_the_opd_and_the_kepala(operator_a, head_a, open_period, activity_a):
    draft = factories.report(operator_a, open_period, activity_a)
    draft.opd.requires_head_approval = True
    draft.opd.save()
    workflow.submit(operator_a, draft)
    assert draft.status == Status.AWAITING_APPROVAL
    lock(open_period)
    draft.refresh_from_db()
    with pytest.raises(WorkflowError, match="dikunci"):
        workflow.approve(head_a, draft)
    with pytest.raises(WorkflowError, match="dikunci"):
        workflow.return_to_operator(head_a, draft, "Perbaiki.")


def test_what_was_verified_before_the_lock_stays_closed(operator_a, verifier, open_period, activity_a):
    report = factories.report(operator_a, open_period, activity_a, submit=True)
    workflow.verify(verifier, report)
    lock(open_period)
    report.refresh_from_db()  # and its period, now locked
    with pytest.raises(WorkflowError, match="dikunci"):
        workflow.return_report(verifier, report, "Terlambat ditinjau.")
    report.refresh_from_db()
    assert report.status == Status.VERIFIED


def test_a_report_submitted_during_a_reopening_can_be_verified_after_it_closes(
    operator_a, verifier, administrator, locked_period, activity_a
):
    reopening = PeriodReopening.objects.create(
        period=locked_period,
        opd=factories.Membership.objects.get(user=operator_a).opd,
        reason="Server mati.",
        reopened_by=administrator,
    )
    report = factories.report(operator_a, locked_period, activity_a, submit=True)
    reopening.closed_at = timezone.now()
    reopening.save()
    workflow.verify(verifier, report)
    report.refresh_from_db()
    assert report.status == Status.VERIFIED


def test_the_period_page_warns_before_the_lock_with_the_count_and_a_link(
    client, administrator, operator_a, open_period, activity_a
):
    factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(administrator)
    page = client.get(reverse("admin:monev_period_change", args=[open_period.pk])).content.decode()
    assert 'id="lock-warning"' in page
    assert "1 laporan masih menunggu verifikasi" in page
    assert periods.waiting_url(open_period).replace("&", "&amp;") in page


def test_locking_warns_with_the_count_and_a_link(client, administrator, operator_a, open_period, activity_a):
    factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(administrator)
    response = client.post(reverse("admin:monev_period_lock", args=[open_period.pk]), follow=True)
    page = response.content.decode()
    assert "1 laporan masih menunggu verifikasi" in page
    assert periods.waiting_url(open_period).replace("&", "&amp;") in page
    # the link lists exactly those reports
    queue = client.get(periods.waiting_url(open_period))
    assert len(queue.context["table"].rows) == 1


def test_the_admin_action_locks_through_the_same_path_and_warns(
    client, administrator, operator_a, open_period, activity_a
):
    factories.report(operator_a, open_period, activity_a, submit=True)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:monev_period_changelist"),
        {"action": "lock_periods", "_selected_action": [open_period.pk]},
        follow=True,
    )
    open_period.refresh_from_db()
    assert open_period.is_locked
    assert "1 laporan masih menunggu verifikasi" in response.content.decode()


def test_no_warning_when_nothing_waits(client, administrator, open_period):
    assert periods.lock_warning(open_period) == ""
    client.force_login(administrator)
    page = client.get(reverse("admin:monev_period_change", args=[open_period.pk])).content.decode()
    assert 'id="lock-warning"' not in page
