"""Reminders for missing semester reports (run daily from cron: manage.py send_reminders).

Each reminder's notifications and e-mail are written in one transaction; the e-mail goes through the
outbox (notifications/outbox.py), so a mail server that is down delays it rather than losing it.

Before the deadline the OPD's operators are reminded; once it has passed, the reminder escalates:
the Kepala OPD and Bagian Organisasi are copied, and told in the application too.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership
from actionplan.models import Activity, ActivityOPD
from indicators.models import Indicator, IndicatorOPD, Periodicity, ReportingAssignment
from monev.choices import Status
from monev.models import Period, Realisation
from notifications.models import Kind
from notifications.outbox import queue_email
from notifications.service import notify, opd_members, with_role
from roadmap.models import OPD

DONE = [Status.SUBMITTED, Status.AWAITING_APPROVAL, Status.VERIFIED]


@dataclass
class Reminder:
    opd: OPD
    period: Period
    missing: int
    overdue: bool
    recipients: list[str]
    heads: list[str] = ()
    days_late: int = 0


def expected_rows(opd: OPD, period: Period | None = None) -> int:
    """Rows the OPD reports in the period; in Semester I an annual indicator's result is not yet due."""
    indicators = Indicator.objects.for_opd(opd)
    if period is not None and period.semester == 1:
        indicators = indicators.exclude(periodicity=Periodicity.ANNUAL)
    return Activity.objects.for_opd(opd).count() + indicators.count()


def missing_reports(period: Period) -> dict[OPD, int]:
    """OPDs whose reports for the period are not all submitted, with how many are missing."""
    activity_opds = {row["opd"] for row in ActivityOPD.objects.values("opd").annotate(n=Count("pk"))}
    opds = (
        OPD.objects.filter(pk__in=activity_opds)
        | OPD.objects.filter(focus_items__isnull=False)
        | OPD.objects.filter(pk__in=IndicatorOPD.objects.values("opd"))
        | OPD.objects.filter(pk__in=ReportingAssignment.objects.values("opd"))  # the Pemda's reporters too
    )
    done = dict(Realisation.objects.filter(period=period, status__in=DONE).values_list("opd").annotate(n=Count("pk")))
    result = {}
    for opd in opds.distinct():
        missing = expected_rows(opd, period) - done.get(opd.pk, 0)
        if missing > 0:
            result[opd] = missing
    return result


def due_reminders(today: date | None = None) -> list[Reminder]:
    today = today or timezone.localdate()
    window = settings.REMINDER_DAYS_BEFORE_DEADLINE
    reminders = []
    for period in Period.objects.filter(locked_at__isnull=True, opens_on__lte=today):
        days_left = (period.deadline - today).days
        overdue = days_left < 0
        if not overdue and days_left > window:
            continue
        for opd, missing in missing_reports(period).items():
            members = Membership.objects.filter(opd=opd, user__is_active=True).exclude(user__email="")
            heads = set(members.filter(user__groups__name=Role.HEAD.value).values_list("user__email", flat=True))
            recipients = [email for email in members.values_list("user__email", flat=True) if email not in heads]
            reminders.append(
                Reminder(opd, period, missing, overdue, recipients or sorted(heads), sorted(heads), max(-days_left, 0))
            )
    return reminders


def send(reminders: list[Reminder]) -> int:
    """Tells each reminder's people in the application and queues its e-mail; returns the e-mails queued."""
    queued = 0
    for reminder in reminders:
        with transaction.atomic():
            _tell(reminder)
            if not reminder.recipients:
                continue
            copies = [settings.BAGIAN_ORGANISASI_EMAIL, *reminder.heads] if reminder.overdue else []
            queue_email(
                reminder.recipients,
                _subject(reminder),
                _body(reminder),
                cc=[address for address in copies if address not in reminder.recipients],
            )
            queued += 1
    return queued


def _tell(reminder: Reminder) -> None:
    url = reverse("monev:my_tasks") + f"?periode={reminder.period.pk}"
    if not reminder.overdue:
        notify(opd_members(reminder.opd, Role.OPERATOR), Kind.REMINDER, _subject(reminder), url, email=False)
        return
    text = (
        f"{reminder.opd.short_name}: {reminder.missing} laporan {reminder.period} belum diajukan, "
        f"terlambat {reminder.days_late} hari."
    )
    notify(opd_members(reminder.opd), Kind.ESCALATION, text, url, email=False)
    dashboard = reverse("dashboards:opd", args=[reminder.opd.pk]) + f"?periode={reminder.period.pk}"
    notify(with_role(Role.VERIFIER), Kind.ESCALATION, text, dashboard, email=False)


def _subject(reminder: Reminder) -> str:
    prefix = "TERLAMBAT: " if reminder.overdue else ""
    return f"{prefix}Laporan RB {reminder.period} — {reminder.opd.short_name}: {reminder.missing} belum diajukan"


def _body(reminder: Reminder) -> str:
    deadline = reminder.period.deadline.strftime("%d-%m-%Y")
    state = "telah lewat" if reminder.overdue else "adalah"
    return (
        f"Yth. {reminder.opd.name},\n\n"
        f"Sebanyak {reminder.missing} laporan realisasi Road Map Reformasi Birokrasi untuk {reminder.period} "
        f"belum diajukan di Pantau RB. Batas waktu {state} {deadline}.\n\n"
        "Silakan lengkapi melalui menu Tugas saya.\n\nPantau RB — Bagian Organisasi Setda Kabupaten Pasuruan"
    )
