"""notify(): the one way to tell users something. Monev and PMPRB workflows call it inside their
transaction; the rows are written there (rolled back with it), the e-mails too, as outbox rows that the
task queue sends after the commit (notifications/outbox.py): the request never waits on the mail server."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.choices import Role
from notifications.models import Notification
from notifications.outbox import queue_email
from roadmap.models import OPD

User = get_user_model()

# Set while work that nobody should be e-mailed about runs (the demo reports of `make setup`)
_email_suppressed: ContextVar[bool] = ContextVar("email_suppressed", default=False)


@contextmanager
def without_email() -> Iterator[None]:
    """Notifications made inside are shown in the application only; no e-mail is sent or printed."""
    token = _email_suppressed.set(True)
    try:
        yield
    finally:
        _email_suppressed.reset(token)


def opd_members(opd: OPD | int, *roles: Role) -> QuerySet:
    """Active users of the OPD, optionally only those of the given roles."""
    users = User.objects.filter(is_active=True, membership__opd=opd)
    if roles:
        users = users.filter(groups__name__in=[role.value for role in roles])
    return users.distinct()


def with_role(*roles: Role) -> QuerySet:
    return User.objects.filter(is_active=True, groups__name__in=[role.value for role in roles]).distinct()


def notify(
    recipients: Iterable, kind: str, message: str, url: str = "", exclude=None, email: bool = True
) -> list[Notification]:
    """One notification per recipient (users or a user queryset), e-mailed to those who keep e-mail on.

    `exclude` (a user) is left out: nobody is told about their own action. `email=False` when the
    caller sends its own e-mail (the reminders).
    """
    users = {user.pk: user for user in recipients if exclude is None or user.pk != exclude.pk}
    if not users:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, message=message, url=url) for pk in users
    )
    if not email or _email_suppressed.get():
        return notifications
    addresses = list(
        User.objects.filter(pk__in=users)
        .exclude(email="")
        .filter(Q(notification_preference__isnull=True) | Q(notification_preference__email_enabled=True))
        .values_list("pk", "email")
    )
    if addresses:
        subject, body = _email_text(message, url)
        by_recipient = {notification.recipient_id: notification for notification in notifications}
        for pk, address in addresses:  # one message each: recipients do not see each other's addresses
            queue_email([address], subject, body, notification=by_recipient[pk])
    return notifications


def _email_text(message: str, url: str) -> tuple[str, str]:
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else settings.SITE_URL
    body = _(
        "%(message)s\n\nBuka: %(link)s\n\nPantau RB — Pemerintah Kabupaten Pasuruan\n"
        "(Pemberitahuan lewat e-mail dapat dimatikan di halaman Profil.)"
    ) % {"message": message, "link": link}
    subject = _("[Pantau RB] %(message)s") % {"message": message[:90]}
    return subject, body
