"""send_reminders e-mails OPDs with missing reports before the deadline and copies Bagian Organisasi when late."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from monev.models import Period
from notifications import outbox
from notifications.models import OutboxMessage, OutboxStatus
from tests import factories, relay


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """send_reminders as cron runs it: its transactions commit, and the queued e-mails go out."""

    def run(**options) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out, **options)
        return out.getvalue()

    return run


def only_open(period: Period) -> None:
    """Lock every other period so only `period` is considered."""
    Period.objects.exclude(pk=period.pk).update(locked_at="2020-01-01T00:00Z")


def test_reminds_within_the_window_before_the_deadline(remind, operator_a, operator_b, open_period, settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = 7
    only_open(open_period)
    remind(tanggal=date(2024, 1, 10))  # deadline 15 Jan 2024
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["operator_a@example.test", "operator_b@example.test"]
    assert all(not message.cc for message in mail.outbox)
    hukum = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert "Bagian Hukum" in hukum.subject and "belum diajukan" in hukum.subject


def test_nothing_is_sent_before_the_window(remind, operator_a, open_period):
    only_open(open_period)
    remind(tanggal=date(2023, 12, 2))
    assert mail.outbox == []


def test_late_reports_copy_bagian_organisasi(remind, operator_a, open_period, settings):
    settings.BAGIAN_ORGANISASI_EMAIL = "organisasi@example.test"
    only_open(open_period)
    out = remind(tanggal=date(2024, 2, 1))
    late = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert late.cc == ["organisasi@example.test"] and late.subject.startswith("TERLAMBAT")
    assert "ditembuskan ke Bagian Organisasi" in out


def test_an_opd_with_everything_submitted_gets_no_reminder(remind, operator_a, open_period):
    only_open(open_period)
    for activity in factories.Activity.objects.filter(opd_links__opd__short_name="Bagian Hukum"):
        factories.report(operator_a, open_period, activity, submit=True)
    for indicator in factories.Indicator.objects.filter(assignments__opd__short_name="Bagian Hukum"):
        factories.report(operator_a, open_period, indicator_=indicator, value=1, submit=True)
    remind(tanggal=date(2024, 1, 10))
    assert not [m for m in mail.outbox if "operator_a@example.test" in m.to]


def test_an_opd_reporting_only_by_the_pemdas_assignment_is_reminded_but_not_for_an_annual_result_in_june():
    from monev.reminders import missing_reports
    from roadmap.models import OPD

    pemerintahan = OPD.objects.get(short_name="Bagian Pemerintahan")  # LPPD only, an annual result
    assert missing_reports(factories.period(2023, 2)).get(pemerintahan) == 1
    assert pemerintahan not in missing_reports(factories.period(2023, 1))


def test_after_the_deadline_the_kepala_opd_is_copied_and_everyone_is_told_in_the_app(
    remind, operator_a, head_a, verifier, open_period, settings
):
    from notifications.models import Kind, Notification

    settings.BAGIAN_ORGANISASI_EMAIL = "organisasi@example.test"
    only_open(open_period)
    remind(tanggal=date(2024, 2, 1))  # 17 days late
    late = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert late.to == ["operator_a@example.test"]
    assert late.cc == ["organisasi@example.test", "kepala_a@example.test"]
    told = Notification.objects.filter(kind=Kind.ESCALATION)
    assert told.filter(recipient=head_a, message__contains="terlambat 17 hari").exists()
    assert told.filter(recipient=verifier, message__startswith="Bagian Hukum").exists()


def test_before_the_deadline_only_operators_are_reminded(remind, operator_a, head_a, open_period):
    from notifications.models import Notification

    only_open(open_period)
    remind(tanggal=date(2024, 1, 10))
    hukum = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert hukum.to == ["operator_a@example.test"] and hukum.cc == []
    assert not Notification.objects.filter(recipient=head_a).exists()
    assert Notification.objects.filter(recipient=operator_a, kind="reminder").exists()


def test_a_relay_that_is_down_loses_no_reminder(remind, operator_a, open_period, settings):
    settings.EMAIL_BACKEND = relay.PATH
    relay.RefusingBackend.reset(refusals=99)
    only_open(open_period)
    remind(tanggal=date(2024, 1, 10))
    waiting = OutboxMessage.objects.get(to="operator_a@example.test")
    assert waiting.status == OutboxStatus.PENDING and waiting.attempts == 1 and mail.outbox == []
    relay.RefusingBackend.reset()
    outbox.flush(now=waiting.next_attempt_at)
    assert [m.to for m in mail.outbox if "operator_a@example.test" in m.to] == [["operator_a@example.test"]]
