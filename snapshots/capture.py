"""Taking and superseding snapshots: called by the workflows that finalise and verify, in their transaction."""

import hashlib

from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from accounts.choices import Role
from core.formatting import decimal_text, score_text
from core.history import canonical
from dashboards.pdf import render_pdf
from dashboards.report_data import build
from monev.models import Realisation
from pmprb.models import Assessment, ReportSettings
from pmprb.scoring import score
from snapshots.models import Snapshot


def take_evaluation_report(assessment: Assessment, user) -> Snapshot:
    """The final evaluation report as signed: its PDF, rendered once now with its QR code and kept."""
    snapshot = Snapshot(
        kind=Snapshot.Kind.EVALUATION_REPORT, assessment=assessment, taken_by=user, taken_by_role=role_label(user)
    )
    unit = assessment.opd.name if assessment.opd_id else _pemda_name()
    snapshot.title = f"{Snapshot.Kind.EVALUATION_REPORT.label} — {unit}, tahun evaluasi {assessment.year}"
    try:
        data = build(assessment)
    except Http404:  # a year without reporting periods has no report to print; the figures are kept still
        data = None
    result = data.summary.result if data is not None else score(assessment)
    snapshot.content = {
        "tahun": assessment.year,
        "unit": unit,
        "model": assessment.version.name,
        "nomor": assessment.report_number,
        "tanggal_evaluasi": assessment.evaluation_date.isoformat() if assessment.evaluation_date else None,
        "penandatangan": assessment.signatory_name,
        "indeks_rb": score_text(result.total),
        "predikat": result.predicate.code if result.predicate else None,
    }
    if data is not None:
        pdf = render_pdf(data, snapshot)
        name = f"laporan-evaluasi-rb-{assessment.year}.pdf"
        snapshot.files = [file_entry(name, pdf)]
        snapshot.file.save(name, ContentFile(pdf), save=False)
    return _store(snapshot, assessment=assessment)


def take_realisation(realisation: Realisation, user, taken_at=None) -> Snapshot:
    """A verified report's values and the hashes of its evidence files, as the verifier saw them.

    `taken_at`: the verification time, for reports verified before snapshots existed (a verified
    report cannot change, so its content now is its content then).
    """
    realisation = Realisation.objects.with_details().get(pk=realisation.pk)
    snapshot = Snapshot(
        kind=Snapshot.Kind.REALISATION,
        realisation=realisation,
        taken_by=user,
        taken_by_role=role_label(user),
        taken_at=taken_at or timezone.now(),
    )
    snapshot.title = (
        f"{Snapshot.Kind.REALISATION.label} — {realisation.period.short_label}, {realisation.opd.name}: "
        f"{realisation.row_label}"
    )[:600]
    snapshot.content = {
        "periode": realisation.period.short_label,
        "opd": realisation.opd.name,
        "baris": realisation.row_label,
        "nilai": _text(realisation.value),
        "tingkat": str(realisation.level) if realisation.level_id else None,
        "progres": _text(realisation.progress),
        "tahun_data": realisation.data_year,
        "uraian_capaian": realisation.narrative,
        "kendala": realisation.obstacles,
        "rencana_tindak_lanjut": realisation.follow_up,
        "versi": realisation.version,
    }
    snapshot.files = [
        {"name": e.original_name, "size": e.size, "sha256": e.sha256} for e in realisation.evidence.active()
    ]
    return _store(snapshot, realisation=realisation)


def withdraw(**document) -> int:
    """The document's current snapshot no longer holds: the assessment was reopened, the report returned."""
    return Snapshot.objects.filter(**document).current().update(withdrawn_at=timezone.now())


def current(**document) -> Snapshot | None:
    return Snapshot.objects.filter(**document).current().first()


def file_entry(name: str, data: bytes) -> dict:
    return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def content_hash(snapshot: Snapshot) -> str:
    """SHA-256 over what the snapshot states: the document's identity, its content and its files' hashes."""
    values = {"kind": snapshot.kind, "title": snapshot.title, "content": snapshot.content, "files": snapshot.files}
    return hashlib.sha256(canonical("snapshots.snapshot", values).encode()).hexdigest()


def role_label(user) -> str:
    """What an anonymous reader is told about who finalised: the role, not the person."""
    names = set(user.groups.values_list("name", flat=True))
    for role in Role:
        if role.value in names:
            return str(role.label)
    return str(Role.ADMINISTRATOR.label) if user.is_superuser else ""


def _store(snapshot: Snapshot, **document) -> Snapshot:
    snapshot.content_sha256 = content_hash(snapshot)
    earlier = list(Snapshot.objects.filter(**document, replaced_by__isnull=True).values_list("pk", flat=True))
    snapshot.save()
    Snapshot.objects.filter(pk__in=earlier).update(replaced_by=snapshot)
    return snapshot


def _pemda_name() -> str:
    return ReportSettings.load().pemda_name


def _text(value) -> str | None:
    return None if value is None else decimal_text(value)
