"""Prioritas OPD: an approved proposal becomes a rencana aksi row marked as an OPD addition."""

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules
from actionplan.models import Activity, ActivityOPD
from core import text as free_text
from core.errors import WorkflowError
from monev.choices import ProposalStatus
from monev.models import OPDProposal

# OPD additions are ordered after every Perbup row of their area.
ADDITION_ORDER_START = 1000


def listed(user) -> QuerySet[OPDProposal]:
    """The proposals the user reads: every OPD's for those who see all OPDs, else their own OPD's."""
    return rules.visible(OPDProposal.objects.all(), user, rules.sees_all_opds).select_related(
        "opd", "area", "proposed_by", "decided_by"
    )


def propose(user, proposal: OPDProposal) -> OPDProposal:
    """An Operator's or Kepala OPD's proposal, made for their own OPD."""
    proposal.opd = rules.user_opd(user)
    proposal.proposed_by = user
    proposal.save()
    return proposal


@transaction.atomic
def decide(user, proposal: OPDProposal, approve: bool, note: str = "") -> OPDProposal:
    if not rules.is_verifier(user):
        raise WorkflowError(_("Hanya Verifikator Bagian Organisasi yang memutuskan usulan."))
    proposal = OPDProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise WorkflowError(_("Usulan ini sudah diputuskan."))
    note = free_text.ensure_fits(note, OPDProposal, "decision_note")
    if not approve and not note:
        raise WorkflowError(_("Alasan penolakan wajib diisi."))
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.decision_note = note
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    if approve:
        proposal.activity = _create_activity(proposal)
    proposal.save()
    return proposal


def _create_activity(proposal: OPDProposal) -> Activity:
    last = Activity.objects.filter(area=proposal.area).aggregate(last=Max("order"))["last"] or 0
    activity = Activity.objects.create(
        area=proposal.area,
        order=max(last + 1, ADDITION_ORDER_START),
        kegiatan=proposal.kegiatan,
        criteria=proposal.criteria,
        output_target=proposal.output_target,
        source_line=None,  # not Perbup text
        origin=Activity.Origin.OPD_ADDITION,
        notes=_("Tambahan OPD %(opd)s (Prioritas OPD), disetujui %(date)s.")
        % {"opd": proposal.opd, "date": timezone.localdate().strftime("%d-%m-%Y")},
    )
    ActivityOPD.objects.create(activity=activity, opd=proposal.opd, position=1)
    return activity
