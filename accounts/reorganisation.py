"""Reorganisations of OPDs (SOTK changes): rename, merge, split, on an effective date and by a decree.

One path for every writer (the admin and tests): `record_change`. Nothing is deleted or renamed in place:
the units before the change end (OPD.ended_on) and keep every report, evidence and verification under the
name they had; a rename or merger points them at the unit that carries on (OPD.succeeded_by), so that unit
reports their rows (Indicator/Activity `for_opd`), and the dashboards and recaps per OPD follow the lineage
(OPD.objects.lineage, OPD.unit_on). The accounts of the old units move to the new one.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import rules
from accounts.models import Membership
from core.errors import WorkflowError
from roadmap.models import OPD, OPDChange

Kind = OPDChange.Kind


@transaction.atomic
def record_change(
    user,
    kind: str,
    predecessors: list[OPD],
    successors: list[OPD],
    effective_on: date | None,
    decree: str,
    notes: str = "",
    accounts_to: OPD | None = None,
) -> OPDChange:
    """Record the change and apply it; raises WorkflowError (nothing changed) when a rule refuses it.

    `accounts_to`: for a split, the new unit the old unit's accounts move to (the others start empty)."""
    for opd in [*predecessors, *successors]:  # the rows as they are now, not as the caller loaded them
        opd.refresh_from_db(fields=["ended_on", "succeeded_by", "carries_on"])
    check_change(user, kind, predecessors, successors, effective_on, decree, accounts_to)
    change = OPDChange.objects.create(
        kind=kind, effective_on=effective_on, decree=decree.strip(), notes=notes, recorded_by=user
    )
    change.predecessors.set(predecessors)
    change.successors.set(successors)
    carrier = successors[0] if kind != Kind.SPLIT else None  # a split's rows need the Pemda's decision
    for opd in predecessors:
        opd.ended_on, opd.succeeded_by = effective_on, carrier
        opd.save(update_fields=["ended_on", "succeeded_by"])
    if carrier is not None:
        inherited = {pk for opd in predecessors for pk in opd.lineage_ids}
        carrier.carries_on = sorted(set(carrier.carries_on) | inherited)
        carrier.save(update_fields=["carries_on"])
    # The OPDs' saves above bumped the roadmap's version; memberships are read per request (core/scopes.py)
    Membership.objects.filter(opd__in=predecessors).update(opd=accounts_to or successors[0])
    return change


def check_change(user, kind, predecessors, successors, effective_on, decree, accounts_to=None) -> None:
    """Every rule a change must meet (WorkflowError with the Indonesian reason): the admin form shows it."""
    if not rules.is_administrator(user):
        raise WorkflowError(_("Hanya Administrator yang dapat mencatat perubahan OPD."))
    if kind not in Kind.values:
        raise WorkflowError(_("Jenis perubahan OPD tidak dikenal."))
    if effective_on is None or not (decree or "").strip():
        raise WorkflowError(_("Perubahan OPD memerlukan tanggal berlaku dan dasar hukumnya (peraturan/keputusan)."))
    if not predecessors or not successors:
        raise WorkflowError(_("Sebut OPD sebelum dan sesudah perubahan."))
    if {opd.pk for opd in predecessors} & {opd.pk for opd in successors}:
        raise WorkflowError(_("Satu OPD tidak dapat menjadi OPD sebelum sekaligus sesudah perubahan yang sama."))
    ended = [opd.short_name for opd in [*predecessors, *successors] if opd.ended_on is not None]
    if ended:
        names = ", ".join(ended)
        raise WorkflowError(_("OPD berikut sudah berakhir karena perubahan lain: %(names)s.") % {"names": names})
    shapes = {
        Kind.RENAME: len(predecessors) == 1 and len(successors) == 1,
        Kind.MERGE: len(successors) == 1,
        Kind.SPLIT: len(predecessors) == 1 and len(successors) >= 2,
    }
    if not shapes[kind]:
        raise WorkflowError(
            {
                Kind.RENAME: _("Ganti nama: tepat satu OPD lama dan satu OPD baru."),
                Kind.MERGE: _("Penggabungan: satu atau lebih OPD digabung ke tepat satu OPD."),
                Kind.SPLIT: _("Pemecahan: satu OPD dipecah menjadi dua OPD atau lebih."),
            }[kind]
        )
    if kind == Kind.SPLIT and (accounts_to is None or accounts_to not in successors):
        raise WorkflowError(_("Pemecahan: pilih OPD baru yang menerima akun pengguna OPD lama."))
