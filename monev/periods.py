"""Reporting periods: Semester I (Januari–Juni) and II (Juli–Desember) of every roadmap year."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules
from core import cache
from core.errors import WorkflowError
from monev.choices import Semester, Status
from monev.models import Period, Realisation
from roadmap.models import Roadmap


def default_dates(year: int, semester: int) -> tuple[date, date]:
    """Reports open in the semester's last month and are due on the 15th after it ends."""
    if semester == Semester.I:
        return date(year, 6, 1), date(year, 7, 15)
    return date(year, 12, 1), date(year + 1, 1, 15)


def ensure_periods(roadmap: Roadmap) -> int:
    """Create the missing periods of the roadmap; existing ones keep their dates. Returns how many were made."""
    created = 0
    for year in roadmap.years:
        for semester in Semester:
            opens_on, deadline = default_dates(year, semester)
            _period, was_created = Period.objects.get_or_create(
                roadmap=roadmap,
                year=year,
                semester=semester,
                defaults={"opens_on": opens_on, "deadline": deadline},
            )
            created += was_created
    return created


@transaction.atomic
def activate_roadmap(roadmap: Roadmap) -> int:
    """Make `roadmap` the one reported on, with its periods; lock every open period of the others, which stay
    readable. Returns how many periods were locked."""
    Roadmap.objects.exclude(pk=roadmap.pk).filter(is_active=True).update(is_active=False)
    Roadmap.objects.filter(pk=roadmap.pk).update(is_active=True)
    roadmap.is_active = True
    locked = Period.objects.exclude(roadmap=roadmap).filter(locked_at__isnull=True).update(locked_at=timezone.now())
    ensure_periods(roadmap)
    cache.bump(cache.MASTER)  # .update() sends no signal
    return locked


def waiting_reports(period: Period) -> dict[str, int]:
    """How many of the period's reports still wait for a decision: for the verifier ("submitted", which
    the lock does not stop) and for a Kepala OPD ("awaiting_approval", which the lock does stop)."""
    counts = Realisation.objects.filter(period=period).aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        awaiting_approval=Count("pk", filter=Q(status=Status.AWAITING_APPROVAL)),
    )
    return {name: counts[name] or 0 for name in ("submitted", "awaiting_approval")}


def waiting_url(period: Period, status: str = Status.SUBMITTED) -> str:
    """The verification queue narrowed to the period's reports in `status`."""
    return reverse("monev:verification_queue") + f"?period={period.pk}&status={status}"


def lock_warning(period: Period) -> str:
    """What locking leaves waiting, in words (empty when nothing waits); said before and after the lock."""
    waiting = waiting_reports(period)
    parts = []
    if waiting["submitted"]:
        parts.append(
            _("%(n)d laporan masih menunggu verifikasi; Verifikator tetap dapat memverifikasi atau mengembalikannya.")
            % {"n": waiting["submitted"]}
        )
    if waiting["awaiting_approval"]:
        parts.append(
            _(
                "%(n)d laporan masih menunggu persetujuan Kepala OPD dan tidak dapat disetujui selama periode "
                "dikunci, kecuali periode dibuka kembali untuk OPD-nya."
            )
            % {"n": waiting["awaiting_approval"]}
        )
    return " ".join(parts)


def lock(user, period: Period) -> Period:
    """Locks the period: every OPD write is refused from now on (reopenings excepted); the verifier still
    decides on what was submitted before the lock."""
    if not rules.is_administrator(user):
        raise WorkflowError(_("Hanya Administrator yang dapat mengunci periode."))
    if period.is_locked:
        raise WorkflowError(_("Periode %(period)s sudah dikunci.") % {"period": period})
    Period.objects.filter(pk=period.pk).update(locked_at=timezone.now())
    cache.bump(cache.MASTER)  # .update() sends no signal
    period.refresh_from_db()
    return period


def unlock(user, period: Period) -> Period:
    if not rules.is_administrator(user):
        raise WorkflowError(_("Hanya Administrator yang dapat membuka kunci periode."))
    if not period.is_locked:
        raise WorkflowError(_("Periode %(period)s tidak dikunci.") % {"period": period})
    Period.objects.filter(pk=period.pk).update(locked_at=None)
    cache.bump(cache.MASTER)
    period.refresh_from_db()
    return period
