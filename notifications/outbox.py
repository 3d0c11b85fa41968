"""The e-mail outbox: every e-mail is a row written in the transaction of what it tells, sent afterwards
by the task queue (django-tasks, database backend: `manage.py db_worker`), retried with exponential
backoff and marked sent only once the mail server has accepted it.

A request never waits on SMTP: it writes rows and enqueues a task after its commit. The worker sends.
`flush()` (the `send_outbox` command, every few minutes from cron) is the safety net: it sends what is
due but was never enqueued (the process died between commit and enqueue) and gives back messages whose
worker died mid-send.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notifications.models import Notification, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


def queue_email(
    to: Iterable[str], subject: str, body: str, cc: Iterable[str] = (), notification: Notification | None = None
) -> OutboxMessage:
    """Write one e-mail to the outbox; it is handed to the task queue when the surrounding transaction commits."""
    subject = " ".join(subject.split())  # a line break in a header is refused by every send, forever
    message = OutboxMessage.objects.create(
        to=", ".join(to), cc=", ".join(cc), subject=subject[:255], body=body, notification=notification
    )
    transaction.on_commit(lambda: _enqueue(message.pk), robust=True)
    return message


def deliver(message_id: int, now=None) -> bool:
    """Send one due message; True once the mail server accepted it.

    The row is claimed with a conditional UPDATE, so two workers never send the same message; it is marked
    sent only after `send()` returned. A failure is recorded and the next attempt pushed back exponentially.
    """
    now = now or timezone.now()
    if not OutboxMessage.objects.due(now).filter(pk=message_id).update(status=OutboxStatus.SENDING, claimed_at=now):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        accepted = EmailMessage(message.subject, message.body, None, message.to_list, cc=message.cc_list).send()
        if not accepted:
            raise RuntimeError("the e-mail backend accepted no message")
    except Exception as error:  # noqa: BLE001 - whatever the relay or the network does, the message is retried
        _record_failure(message, f"{type(error).__name__}: {error}", now)
        return False
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
        )
        if message.notification_id:
            Notification.objects.filter(pk=message.notification_id).update(emailed=True)
    return True


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure, at most OUTBOX_MAX_RETRY_SECONDS."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, settings.OUTBOX_MAX_RETRY_SECONDS))


def flush(now=None) -> int:
    """Send every due message (and release those stuck mid-send); returns how many were sent."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS)
    for message in OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=stale):
        # The worker died after claiming it; the mail server may or may not have it, so it is sent again.
        _record_failure(message, "pengiriman terputus (proses berhenti sebelum selesai)", now)
    due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    return sum(deliver(pk, now) for pk in list(due))


def retry_now(messages: Iterable[OutboxMessage]) -> int:
    """The administrator's "send again": failed or waiting messages become due at once."""
    ids = [message.pk for message in messages if message.status in (OutboxStatus.FAILED, OutboxStatus.PENDING)]
    updated = OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: _enqueue(pk), robust=True)
    return updated


@task()
def send_outbox_message(message_id: int) -> bool:
    """The queued job: one delivery attempt, and the next one queued at its time if this one failed."""
    if deliver(message_id):
        return True
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).first()
    if message is not None and message.attempts:
        _enqueue(message_id, at=message.next_attempt_at)
    return False


def _record_failure(message: OutboxMessage, error: str, now) -> None:
    attempts = message.attempts + 1
    gave_up = attempts >= settings.OUTBOX_MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        attempts=attempts,
        next_attempt_at=now + retry_delay(attempts),
        last_error=error[:2000],
        claimed_at=None,
    )
    log = logger.error if gave_up else logger.warning
    log("E-mail %s to %s failed (attempt %s): %s", message.pk, message.to, attempts, error)


def _enqueue(message_id: int, at=None) -> None:
    """Hand the message to the queue; a queue that cannot defer leaves the retry to `flush()`."""
    job = send_outbox_message
    if at is not None:
        if not job.get_backend().supports_defer:
            return
        job = job.using(run_after=at)
    try:
        job.enqueue(message_id)
    except Exception:  # noqa: BLE001 - the row is safe in the outbox; flush() sends it later
        logger.exception("Could not enqueue e-mail %s; send_outbox will pick it up", message_id)
