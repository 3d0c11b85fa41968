"""`make setup` ends with a short summary and the demo accounts; the demo's e-mails are not sent or printed."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from notifications.models import Notification
from notifications.service import notify, without_email


def run_setup_demo() -> str:
    out = StringIO()
    call_command("setup_demo", force=True, stdout=out)
    return out.getvalue()


def test_setup_demo_sends_no_e_mail_but_keeps_the_notifications(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # e-mails go out after the commit
        run_setup_demo()
    assert mail.outbox == []
    # the demo's return still shows in the application
    assert Notification.objects.filter(recipient__username="operator.inspektorat").exists()
    assert not Notification.objects.filter(emailed=True).exists()


def test_setup_demo_ends_with_every_account_and_the_password(db):
    lines = run_setup_demo().strip().splitlines()
    assert len(lines) <= len(DEMO_ACCOUNTS) + 3  # a summary, not e-mails
    tail = "\n".join(lines[-len(DEMO_ACCOUNTS) - 1 :])
    assert DEMO_PASSWORD in tail
    for username, *_rest in DEMO_ACCOUNTS:
        assert username in tail


def test_e_mail_is_back_after_the_quiet_block(django_capture_on_commit_callbacks, operator_a):
    with django_capture_on_commit_callbacks(execute=True):
        with without_email():
            notify([operator_a], "reminder", "Diam.")
        assert mail.outbox == []
        notify([operator_a], "reminder", "Terdengar.")
    assert [message.subject for message in mail.outbox] == ["[Pantau RB] Terdengar."]
    assert Notification.objects.filter(recipient=operator_a).count() == 2
