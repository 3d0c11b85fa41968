"""The e-mail outbox: a row per e-mail, sent by the task queue after the commit, retried with backoff,
marked sent only when the mail server accepted it, failures visible to the administrator."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from monev import workflow
from notifications import outbox
from notifications.models import Notification, OutboxMessage, OutboxStatus
from tests import factories
from tests import relay as relay_module

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def relay(settings):
    settings.EMAIL_BACKEND = relay_module.PATH
    return relay_module.RefusingBackend.reset()


@pytest.fixture
def submitted(operator_a, open_period, activity_a):
    return factories.report(operator_a, open_period, activity_a, submit=True)


def later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_relay_that_refuses_then_accepts_delivers_every_message_once_and_none_is_marked_sent_early(
    django_capture_on_commit_callbacks, relay, operator_a, head_a, verifier, submitted
):
    relay.refusals = 3  # both first attempts and one retry are refused
    with django_capture_on_commit_callbacks(execute=True):
        workflow.verify(verifier, submitted)  # tells operator_a and head_a
    messages = OutboxMessage.objects.all()
    assert messages.count() == 2 and mail.outbox == []
    assert all(m.status == OutboxStatus.PENDING and m.attempts == 1 and m.sent_at is None for m in messages)
    assert all("SMTPServerDisconnected" in m.last_error for m in messages)
    assert not Notification.objects.filter(emailed=True).exists()  # not "e-mailed" while it was not

    assert outbox.flush(now=timezone.now()) == 0  # not due yet: backoff
    assert outbox.flush(now=later(2)) == 1  # one refused again, one accepted
    assert outbox.flush(now=later(2)) == 0  # the refused one waits 2 minutes now, not 1
    assert outbox.flush(now=later(5)) == 1
    assert outbox.flush(now=later(60)) == 0  # nothing is sent twice

    assert sorted(address for m in mail.outbox for address in m.to) == [
        "kepala_a@example.test",
        "operator_a@example.test",
    ]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert Notification.objects.filter(emailed=True).count() == 2
    assert relay.calls == 5


def test_the_verifiers_click_does_not_wait_on_smtp(
    client, django_capture_on_commit_callbacks, relay, settings, operator_a, verifier, submitted
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(verifier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monev:verify", args=[submitted.pk]))
    assert response.status_code == 302
    assert relay.calls == 0  # the request only wrote the row and queued the job
    message = OutboxMessage.objects.get(to="operator_a@example.test")
    assert message.status == OutboxStatus.PENDING
    job = DBTaskResult.objects.get()
    assert job.task_path == "notifications.outbox.send_outbox_message" and job.args_kwargs["args"] == [message.pk]

    assert job.task.call(*job.task_result.args) is True  # what db_worker runs
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and [m.to for m in mail.outbox] == [["operator_a@example.test"]]


def test_a_refused_job_queues_its_retry_at_the_backoff_time(relay, settings, operator_a):
    settings.TASKS = DATABASE_QUEUE
    relay.refusals = 1
    message = OutboxMessage.objects.create(to="operator_a@example.test", subject="s", body="b")
    assert outbox.send_outbox_message.call(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1 and message.sent_at is None
    retry = DBTaskResult.objects.get()
    assert retry.run_after == message.next_attempt_at
    assert timedelta(seconds=55) < message.next_attempt_at - timezone.now() <= timedelta(seconds=60)


def test_backoff_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_SECONDS, settings.OUTBOX_MAX_RETRY_SECONDS = 60, 3600
    assert [outbox.retry_delay(n).total_seconds() for n in range(1, 9)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_message_is_given_up_after_the_last_attempt_and_the_admin_sends_it_again(
    client, django_capture_on_commit_callbacks, relay, settings, administrator
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    relay.refusals = 2
    message = OutboxMessage.objects.create(to="x@example.test", subject="Pengingat", body="b")
    outbox.deliver(message.pk)
    outbox.flush(now=later(2))
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 2
    assert outbox.flush(now=later(600)) == 0  # given up: not retried behind the administrator's back

    client.force_login(administrator)
    changelist = reverse("admin:notifications_outboxmessage_changelist")
    page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "x@example.test" in page and "SMTPServerDisconnected" in page
    assert client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk])).status_code == 200
    assert "x@example.test" not in client.get(changelist, {"status__exact": "sent"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "send_again", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and len(mail.outbox) == 1


def test_only_the_administrator_sees_the_outbox(client, verifier):
    OutboxMessage.objects.create(to="x@example.test", subject="rahasia", body="b")
    client.force_login(verifier)
    response = client.get(reverse("admin:notifications_outboxmessage_changelist"))
    assert response.status_code in (302, 403)


def test_a_message_left_half_sent_by_a_killed_worker_is_sent_by_send_outbox(relay):
    message = OutboxMessage.objects.create(to="x@example.test", subject="s", body="b")
    # The worker claimed it and died before the relay answered.
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENDING, claimed_at=later(-30))
    out = StringIO()
    call_command("send_outbox", stdout=out)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and "terputus" in message.last_error  # released, not sent yet
    assert outbox.flush(now=later(2)) == 1 and len(mail.outbox) == 1


def test_a_message_being_sent_is_not_sent_twice(relay):
    message = OutboxMessage.objects.create(to="x@example.test", subject="s", body="b")
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENDING, claimed_at=timezone.now())
    assert outbox.deliver(message.pk) is False and outbox.flush() == 0 and relay.calls == 0


def test_a_rolled_back_step_leaves_no_e_mail(
    django_capture_on_commit_callbacks, relay, operator_a, verifier, submitted
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
        workflow.return_report(verifier, submitted, "")
    assert not OutboxMessage.objects.exists() and relay.calls == 0


def test_a_line_break_in_the_subject_does_not_make_the_message_undeliverable(django_capture_on_commit_callbacks, relay):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.queue_email(["x@example.test"], "Temuan baru:\nSusun SOP", "isi")
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert mail.outbox[0].subject == "Temuan baru: Susun SOP"
