"""send_reminders e-mails OPDs with missing reports before the deadline and copies Bagian Organisasi when late."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command

from monev.models import Period
from tests import factories


def only_open(period: Period) -> None:
    """Lock every other period so only `period` is considered."""
    Period.objects.exclude(pk=period.pk).update(locked_at="2020-01-01T00:00Z")


def test_reminds_within_the_window_before_the_deadline(operator_a, operator_b, open_period, settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = 7
    only_open(open_period)
    call_command("send_reminders", tanggal=date(2024, 1, 10), stdout=StringIO())  # deadline 15 Jan 2024
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["operator_a@example.test", "operator_b@example.test"]
    assert all(not message.cc for message in mail.outbox)
    hukum = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert "Bagian Hukum" in hukum.subject and "belum diajukan" in hukum.subject


def test_nothing_is_sent_before_the_window(operator_a, open_period):
    only_open(open_period)
    call_command("send_reminders", tanggal=date(2023, 12, 2), stdout=StringIO())
    assert mail.outbox == []


def test_late_reports_copy_bagian_organisasi(operator_a, open_period, settings):
    settings.BAGIAN_ORGANISASI_EMAIL = "organisasi@example.test"
    only_open(open_period)
    out = StringIO()
    call_command("send_reminders", tanggal=date(2024, 2, 1), stdout=out)
    late = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert late.cc == ["organisasi@example.test"] and late.subject.startswith("TERLAMBAT")
    assert "ditembuskan ke Bagian Organisasi" in out.getvalue()


def test_an_opd_with_everything_submitted_gets_no_reminder(operator_a, open_period):
    only_open(open_period)
    for activity in factories.Activity.objects.filter(opd_links__opd__short_name="Bagian Hukum"):
        factories.report(operator_a, open_period, activity, submit=True)
    for indicator in factories.Indicator.objects.filter(assignments__opd__short_name="Bagian Hukum"):
        factories.report(operator_a, open_period, indicator_=indicator, value=1, submit=True)
    call_command("send_reminders", tanggal=date(2024, 1, 10), stdout=StringIO())
    assert not [m for m in mail.outbox if "operator_a@example.test" in m.to]


def test_an_opd_reporting_only_by_the_pemdas_assignment_is_reminded_but_not_for_an_annual_result_in_june():
    from monev.reminders import missing_reports
    from roadmap.models import OPD

    pemerintahan = OPD.objects.get(short_name="Bagian Pemerintahan")  # LPPD only, an annual result
    assert missing_reports(factories.period(2023, 2)).get(pemerintahan) == 1
    assert pemerintahan not in missing_reports(factories.period(2023, 1))


def test_after_the_deadline_the_kepala_opd_is_copied_and_everyone_is_told_in_the_app(
    operator_a, head_a, verifier, open_period, settings
):
    from notifications.models import Kind, Notification

    settings.BAGIAN_ORGANISASI_EMAIL = "organisasi@example.test"
    only_open(open_period)
    call_command("send_reminders", tanggal=date(2024, 2, 1), stdout=StringIO())  # 17 days late
    late = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert late.to == ["operator_a@example.test"]
    assert late.cc == ["organisasi@example.test", "kepala_a@example.test"]
    told = Notification.objects.filter(kind=Kind.ESCALATION)
    assert told.filter(recipient=head_a, message__contains="terlambat 17 hari").exists()
    assert told.filter(recipient=verifier, message__startswith="Bagian Hukum").exists()


def test_before_the_deadline_only_operators_are_reminded(operator_a, head_a, open_period):
    from notifications.models import Notification

    only_open(open_period)
    call_command("send_reminders", tanggal=date(2024, 1, 10), stdout=StringIO())
    hukum = next(m for m in mail.outbox if "operator_a@example.test" in m.to)
    assert hukum.to == ["operator_a@example.test"] and hukum.cc == []
    assert not Notification.objects.filter(recipient=head_a).exists()
    assert Notification.objects.filter(recipient=operator_a, kind="reminder").exists()
