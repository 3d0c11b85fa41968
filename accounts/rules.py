"""Who may see and do what: the one access-rule module, used by views, templates, workflows and tests.

A role's powers are Django permissions held by its group (accounts.roles); a rule on one object adds
the object's state to them: the user's own OPD, the period's lock, the report's status. A rule is a
list of checks, each returning None or the Indonesian reason for a refusal, so

- a view shows a button exactly when `can(rule, user, obj)` is true,
- the workflow calls `require(rule, user, obj)`, which refuses with the first failing check's reason.

Rules are evaluated for superusers too: an administrator cannot write into a locked period either. A
lock stops the OPDs' writes; the verifier still decides on what was submitted before it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import WorkflowError
from roadmap.models import OPD

Check = Callable[[Any, Any], str | None]


# -- who the user is -----------------------------------------------------------------------------


def user_opd(user) -> OPD | None:
    """The user's OPD, through Django's relation cache: the signed-in user is loaded with it
    (accounts.backends.PermissionBackend), any other user object asks once."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)  # a user without an OPD has none (cached as None too)
    return membership.opd if membership is not None else None


def has_power(user, permission: str) -> bool:
    """A role power (a Django permission such as 'monev.verify_realisation')."""
    return user.is_authenticated and user.is_active and user.has_perm(permission)


def is_reporter(user) -> bool:
    """Operator or Kepala OPD attached to an OPD."""
    return has_power(user, "monev.report_realisation") and user_opd(user) is not None


def is_head(user) -> bool:
    return has_power(user, "monev.approve_realisation") and user_opd(user) is not None


def is_verifier(user) -> bool:
    return has_power(user, "monev.verify_realisation")


def sees_all_opds(user) -> bool:
    """Bagian Organisasi, Inspektorat and administrators read every OPD's reports."""
    return has_power(user, "monev.view_all_opds")


def is_administrator(user) -> bool:
    return has_power(user, "monev.unlock_period")


def sees_dashboards(user) -> bool:
    return has_power(user, "monev.view_dashboards")


def reads_assessments(user) -> bool:
    return has_power(user, "pmprb.view_assessment")


def writes_assessments(user) -> bool:
    return has_power(user, "pmprb.fill_assessment")


def sees_opd(user, opd_id: int | None) -> bool:
    """Whether the user may read what belongs to the OPD (its reports, its dashboard)."""
    if sees_all_opds(user):
        return True
    own = user_opd(user)
    return own is not None and carries_on(own, opd_id)


def visible(queryset: QuerySet, user, sees_all: Callable[[Any], bool]) -> QuerySet:
    """The rows of `queryset` (of a model with an `opd`) the user may read: every row for a user `sees_all`
    admits, else those of their OPD and of the units renamed or merged into it."""
    if sees_all(user):
        return queryset
    own = user_opd(user)
    return queryset.filter(opd__in=own.lineage_ids) if own is not None else queryset.none()


def carries_on(own: OPD, opd_id: int | None) -> bool:
    """Whether `own` is the OPD `opd_id`, or the unit it was renamed or merged into: the accounts moved with
    the unit (accounts/reorganisation.py), and so do its reports."""
    return opd_id is not None and opd_id in own.lineage_ids


def reader_signature(user) -> tuple:
    """What may make a shared page fragment (accounts/templatetags/shared_fragments.py) differ between two
    readers: their powers and their OPD, never who they are."""
    if not user.is_authenticated:
        return ("anonymous",)
    opd = user_opd(user)
    return (tuple(sorted(user.get_all_permissions())), user.is_superuser, opd.pk if opd else None)


# -- checks on one object ------------------------------------------------------------------------


def _power(permission: str, message: str) -> Check:
    return lambda user, obj: None if has_power(user, permission) else message


def _own_opd(message: str) -> Check:
    def check(user, obj) -> str | None:
        own = user_opd(user)
        return None if own is not None and carries_on(own, obj.opd_id) else message

    return check


def _visible(user, obj) -> str | None:
    return None if sees_opd(user, obj.opd_id) else _("Anda tidak dapat melihat laporan ini.")


def _period_open(user, obj) -> str | None:
    period = obj.period
    if period.is_open_for(obj.opd):
        return None
    if period.is_locked:
        return _("Periode %(period)s sudah dikunci; tidak ada yang dapat diubah.") % {"period": period}
    return _("Periode %(period)s belum dibuka.") % {"period": period}


def _verification_allowed(user, obj) -> str | None:
    """A lock stops the OPDs' edits, not the verifier's work: what was submitted before the lock (or while
    the period was reopened for the OPD) can still be verified or returned. What was already verified
    stays as it was closed."""
    period = obj.period
    if not period.is_locked or period.is_open_for(obj.opd) or obj.awaits_verification:
        return None
    return _(
        "Periode %(period)s sudah dikunci; hanya laporan yang masih menunggu verifikasi yang dapat diverifikasi "
        "atau dikembalikan."
    ) % {"period": period}


def _state(attribute: str, message: str) -> Check:
    return lambda user, obj: None if getattr(obj, attribute) else message


def _saved(user, obj) -> str | None:
    return None if obj.pk is not None else _("Simpan laporan sebagai draf terlebih dahulu.")


_REPORTER = _power("monev.report_realisation", _("Anda tidak dapat melapor untuk OPD ini."))
_OWN_OPD = _own_opd(_("Anda tidak dapat melapor untuk OPD ini."))


def _editable(user, obj) -> str | None:
    if obj.is_editable:
        return None
    return _(
        "Laporan berstatus '%(status)s' tidak dapat diubah: hanya draf atau laporan yang dikembalikan yang dapat "
        "diubah dan diajukan."
    ) % {"status": obj.get_status_display()}


_VERIFIER = _power("monev.verify_realisation", _("Hanya Verifikator Bagian Organisasi yang dapat memverifikasi."))

RULES: dict[str, list[Check]] = {
    # A report (monev.Realisation, saved or not yet) of the OPD on one row in one period
    "monev.edit_report": [_REPORTER, _OWN_OPD, _period_open, _editable],
    "monev.submit_report": [_REPORTER, _OWN_OPD, _saved, _period_open, _editable],
    "monev.add_evidence": [_REPORTER, _OWN_OPD, _saved, _period_open, _editable],
    "monev.approve_report": [
        _power("monev.approve_realisation", _("Hanya Kepala OPD ini yang dapat menyetujui laporannya.")),
        _own_opd(_("Hanya Kepala OPD ini yang dapat menyetujui laporannya.")),
        _period_open,
        _state("awaits_approval", _("Laporan ini tidak sedang menunggu persetujuan.")),
    ],
    "monev.return_to_operator": [
        _power("monev.approve_realisation", _("Hanya Kepala OPD ini yang dapat mengembalikan laporan ke operator.")),
        _own_opd(_("Hanya Kepala OPD ini yang dapat mengembalikan laporan ke operator.")),
        _period_open,
        _state("awaits_approval", _("Laporan ini tidak sedang menunggu persetujuan.")),
    ],
    "monev.remove_evidence": [_REPORTER, _OWN_OPD, _period_open, _editable],
    "monev.verify_report": [
        _VERIFIER,
        _verification_allowed,
        _state("awaits_verification", _("Hanya laporan yang sudah diajukan yang dapat diverifikasi.")),
    ],
    "monev.return_report": [
        _VERIFIER,
        _verification_allowed,
        _state("is_returnable", _("Hanya laporan yang diajukan atau diverifikasi yang dapat dikembalikan.")),
    ],
    "monev.comment_report": [
        _power("monev.comment_realisation", _("Anda hanya dapat membaca laporan ini, tidak mengomentarinya.")),
        _visible,
        _period_open,
    ],
    # A recommendation (pmprb.Recommendation) addressed to one OPD
    "pmprb.follow_up": [
        _power("pmprb.follow_up_recommendation", _("Hanya OPD yang dituju yang mencatat tindak lanjut.")),
        _own_opd(_("Hanya OPD yang dituju yang mencatat tindak lanjut rekomendasi ini.")),
    ],
    # A PMPRB assessment
    "pmprb.edit_assessment": [
        _power("pmprb.fill_assessment", _("Hanya Evaluator Inspektorat atau Administrator yang mengisi penilaian.")),
        _state("is_draft", _("Penilaian ini sudah final; tidak dapat diubah.")),
    ],
    "pmprb.reopen_assessment": [
        _power("monev.unlock_period", _("Hanya Administrator yang dapat membuka kembali penilaian final.")),
        _state("is_final", _("Penilaian ini belum final.")),
    ],
    # An OPD's follow-up (pmprb.FollowUp) on a recommendation: the Inspektorat's decision (TLHP)
    "pmprb.decide_follow_up": [
        _power("pmprb.decide_follow_up", _("Hanya Inspektorat yang menilai tindak lanjut.")),
        _state("is_undecided", _("Tindak lanjut ini sudah dinilai.")),
    ],
}


def refusal(rule: str, user, obj) -> str | None:
    """The reason the rule refuses `user` on `obj`, or None when it allows."""
    for check in RULES[rule]:
        message = check(user, obj)
        if message is not None:
            return message
    return None


def can(rule: str, user, obj) -> bool:
    return user.is_authenticated and refusal(rule, user, obj) is None


def require(rule: str, user, obj) -> None:
    """Raise WorkflowError with the reason when the rule refuses."""
    if not user.is_authenticated:
        raise WorkflowError(_("Silakan masuk terlebih dahulu."))
    message = refusal(rule, user, obj)
    if message is not None:
        raise WorkflowError(message)


# -- who may enter a page at all -----------------------------------------------------------------
# Every view checks its entry the same way: `@entry(DOOR)` on a function view, `door = DOOR` on a class
# view through EntryMixin. A signed-out visitor is sent to the login page; a signed-in one without the
# power gets 403 with the door's reason. Rules on one object (`require`, `can`) come after, in the view.


@dataclass(frozen=True)
class Door:
    allows: Callable[[Any], bool]
    reason: str


DASHBOARDS = Door(sees_all_opds, gettext_lazy("Dasbor untuk Bagian Organisasi, Inspektorat dan administrator."))
VERIFICATION_QUEUE = Door(
    sees_all_opds, gettext_lazy("Antrean verifikasi untuk Bagian Organisasi, Inspektorat dan administrator.")
)
REPORTING = Door(is_reporter, gettext_lazy("Halaman ini untuk Operator atau Kepala OPD."))
ASSESSMENT_READERS = Door(
    reads_assessments, gettext_lazy("Penilaian PMPRB untuk Inspektorat, Bagian Organisasi dan administrator.")
)
ASSESSMENT_WRITERS = Door(
    writes_assessments, gettext_lazy("Hanya Evaluator Inspektorat atau Administrator yang dapat mengisi penilaian.")
)
INDICATOR_PAGES = Door(
    lambda user: sees_all_opds(user) or is_reporter(user),
    gettext_lazy("Halaman indikator untuk OPD, Bagian Organisasi, Inspektorat dan administrator."),
)
RECOMMENDATIONS = Door(
    lambda user: sees_all_opds(user) or is_reporter(user),
    gettext_lazy("Rekomendasi untuk OPD, Bagian Organisasi, Inspektorat dan administrator."),
)
FOLLOW_UP_DECIDERS = Door(
    lambda user: has_power(user, "pmprb.decide_follow_up"),
    gettext_lazy("Hanya Inspektorat yang menilai tindak lanjut."),
)
PROPOSALS = Door(
    lambda user: sees_all_opds(user) or is_reporter(user),
    gettext_lazy("Usulan rencana aksi untuk OPD, Bagian Organisasi, Inspektorat dan administrator."),
)
PROPOSERS = Door(is_reporter, gettext_lazy("Hanya Operator atau Kepala OPD yang dapat mengusulkan."))
PROPOSAL_DECIDERS = Door(is_verifier, gettext_lazy("Hanya Verifikator Bagian Organisasi yang memutuskan usulan."))
VERIFIERS = Door(is_verifier, gettext_lazy("Hanya Verifikator Bagian Organisasi yang dapat memverifikasi."))
ADMINISTRATORS = Door(is_administrator, gettext_lazy("Hanya Administrator yang dapat membuka kembali penilaian final."))
SIGNED_IN = Door(lambda user: True, "")


def let_in(door: Door, user) -> None:
    """Refuse (403 with the door's reason) a signed-in user the door does not let in."""
    if not door.allows(user):
        raise PermissionDenied(door.reason)


def entry(door: Door):
    """The entry check of a function view."""

    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            let_in(door, request.user)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class EntryMixin(LoginRequiredMixin):
    """The entry check of a class view: set `door`."""

    door: Door = SIGNED_IN

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            let_in(self.door, request.user)
        return super().dispatch(request, *args, **kwargs)
