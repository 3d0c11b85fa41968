"""Reporting periods: Semester I (Januari–Juni) and II (Juli–Desember) of every roadmap year."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules
from core.errors import WorkflowError
from core.params import positive_int
from monev.choices import Semester, Status
from monev.models import Period, Realisation
from roadmap.models import Roadmap


def default_dates(year: int, semester: int) -> tuple[date, date]:
    """Reports open in the semester's last month and are due on the 15th after it ends."""
    if semester == Semester.I:
        return date(year, 6, 1), date(year, 7, 15)
    return date(year, 12, 1), date(year + 1, 1, 15)


def default_period(periods: QuerySet[Period]) -> Period | None:
    """The latest period that has opened and is not locked, else the latest period."""
    today = timezone.localdate()
    candidates = periods.filter(opens_on__lte=today, locked_at__isnull=True).order_by("-year", "-semester")
    return candidates.first() or periods.order_by("-year", "-semester").first()


def chosen_period(request: HttpRequest, *, with_data: bool = False) -> Period:
    """The period of `?periode=` (of any roadmap: an old one stays readable). Without one: the active
    roadmap's current period, or with `with_data` the latest period that has submitted reports (a
    dashboard of a new, empty semester would show a wall of zeros; its picker says which period it is)."""
    if request.GET.get("periode"):
        period_id = positive_int(request.GET["periode"])
        if period_id is None:
            raise Http404(_("Periode tidak dikenal."))
        return get_object_or_404(Period.objects.select_related("roadmap"), pk=period_id)
    if with_data:
        # EXISTS per period (a handful), not a join of every report: the newest period stops the search
        submitted = Realisation.objects.filter(period=OuterRef("pk"), status__in=[Status.SUBMITTED, Status.VERIFIED])
        latest = (
            Period.objects.filter(Exists(submitted)).select_related("roadmap").order_by("-year", "-semester").first()
        )
        if latest:
            return latest
    roadmap = Roadmap.objects.current()
    periods = Period.objects.for_roadmap(roadmap) if roadmap else Period.objects.none()
    period = default_period(periods.select_related("roadmap"))
    if period is None:
        raise Http404(_("Belum ada periode pelaporan."))
    return period


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


def find_roadmap(reference: str | None) -> Roadmap:
    """The roadmap a command names: its id, or its regulation's NOMOR/TAHUN (15/2019); None is the active one.
    Raises ValueError with an Indonesian message when it names none, or more than one."""
    if not reference:
        roadmap = Roadmap.objects.current()
        if roadmap is None:
            raise ValueError(_("Belum ada road map. Muat dulu: python manage.py load_perbup, atau impor buku kerja."))
        return roadmap
    reference = reference.strip()
    if reference.isdigit() and len(reference) <= 9:
        found = list(Roadmap.objects.filter(pk=int(reference)))
    else:
        number, _sep, year = reference.partition("/")
        if not (number.strip().isdigit() and year.strip().isdigit()):
            raise ValueError(_("Sebut road map dengan id-nya atau NOMOR/TAHUN peraturannya, mis. 15/2019."))
        found = list(Roadmap.objects.filter(number=int(number), year=int(year)))
    if len(found) != 1:
        names = ", ".join(f"{roadmap.pk}: {roadmap}" for roadmap in found)
        raise ValueError(
            _("Tidak ada road map '%(ref)s'.") % {"ref": reference}
            if not found
            else _("'%(ref)s' cocok dengan beberapa road map (%(names)s); sebut id-nya.")
            % {"ref": reference, "names": names}
        )
    return found[0]


@transaction.atomic
def activate_roadmap(roadmap: Roadmap) -> int:
    """Make `roadmap` the one reported on, with its periods; lock every open period of the others, which stay
    readable. Returns how many periods were locked."""
    Roadmap.objects.exclude(pk=roadmap.pk).filter(is_active=True).update(is_active=False)
    Roadmap.objects.filter(pk=roadmap.pk).update(is_active=True)
    roadmap.is_active = True
    locked = Period.objects.exclude(roadmap=roadmap).filter(locked_at__isnull=True).update(locked_at=timezone.now())
    ensure_periods(roadmap)
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
    # A conditional update: of two requests at once (or one on a stale page) only the first locks.
    if not Period.objects.filter(pk=period.pk, locked_at__isnull=True).update(locked_at=timezone.now()):
        raise WorkflowError(_("Periode %(period)s sudah dikunci.") % {"period": period})
    period.refresh_from_db()
    return period


def unlock(user, period: Period) -> Period:
    if not rules.is_administrator(user):
        raise WorkflowError(_("Hanya Administrator yang dapat membuka kunci periode."))
    if not Period.objects.filter(pk=period.pk, locked_at__isnull=False).update(locked_at=None):
        raise WorkflowError(_("Periode %(period)s tidak dikunci.") % {"period": period})
    period.refresh_from_db()
    return period
