import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monev.models import Realisation
from pmprb.models import Assessment

CONTENT_LABELS = {
    "tahun": _("Tahun evaluasi"),
    "unit": _("Unit"),
    "model": _("Model evaluasi"),
    "nomor": _("Nomor laporan"),
    "tanggal_evaluasi": _("Tanggal evaluasi"),
    "penandatangan": _("Penandatangan"),
    "indeks_rb": _("Indeks RB"),
    "predikat": _("Predikat"),
    "periode": _("Periode"),
    "opd": _("OPD"),
    "baris": _("Kegiatan/indikator"),
    "nilai": _("Nilai realisasi"),
    "tingkat": _("Tingkat"),
    "progres": _("Progres (%)"),
    "tahun_data": _("Tahun data"),
    "uraian_capaian": _("Uraian capaian"),
    "kendala": _("Kendala"),
    "rencana_tindak_lanjut": _("Rencana tindak lanjut"),
    "versi": _("Versi laporan"),
}  # fmt: skip - one short pair per key reads better than one per line


def new_token() -> str:
    """The public key to a snapshot: unguessable, so the pages of documents nobody printed cannot be listed."""
    return secrets.token_urlsafe(18)


def snapshot_path(instance: "Snapshot", filename: str) -> str:
    return f"salinan/{instance.token}/{filename}"


class SnapshotQuerySet(models.QuerySet):
    def current(self) -> "SnapshotQuerySet":
        """The snapshots that still hold: neither superseded nor withdrawn."""
        return self.filter(replaced_by__isnull=True, withdrawn_at__isnull=True)


class Snapshot(models.Model):
    """What a document was when it was finalised or verified: its content, the SHA-256 of its files, a public token.

    Never changed once written; a later version (an assessment finalised again, a report verified
    again) points the earlier one to itself, and a withdrawal (reopened, returned) is dated.
    """

    class Kind(models.TextChoices):
        EVALUATION_REPORT = "evaluation_report", _("Laporan Hasil Evaluasi Pelaksanaan Reformasi Birokrasi")
        REALISATION = "realisation", _("Laporan realisasi semester yang diverifikasi")

    token = models.CharField(_("token"), max_length=32, unique=True, default=new_token, editable=False)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="snapshots"
    )
    realisation = models.ForeignKey(
        Realisation, on_delete=models.PROTECT, null=True, blank=True, related_name="snapshots"
    )
    title = models.CharField(_("identitas dokumen"), max_length=600)
    content = models.JSONField(_("isi"), default=dict)
    files = models.JSONField(_("berkas"), default=list, help_text=_("Nama, ukuran dan SHA-256 setiap berkas."))
    content_sha256 = models.CharField(_("SHA-256 isi"), max_length=64)
    file = models.FileField(_("berkas dokumen"), upload_to=snapshot_path, blank=True, max_length=300)
    taken_at = models.DateTimeField(_("difinalkan pada"), default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_by_role = models.CharField(_("peran"), max_length=100)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("diganti oleh")
    )
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("salinan terverifikasi")
        verbose_name_plural = _("salinan terverifikasi")
        constraints = [
            models.CheckConstraint(
                condition=(Q(assessment__isnull=False) & Q(realisation__isnull=True))
                | (Q(assessment__isnull=True) & Q(realisation__isnull=False)),
                name="snapshot_one_document",
                violation_error_message=_("Salinan harus untuk tepat satu penilaian atau satu laporan."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError("A snapshot is never changed; supersede or withdraw it with snapshots.capture.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("snapshots:verify", args=[self.token])

    @property
    def public_url(self) -> str:
        """The address printed (and encoded in the QR code) on the document."""
        return settings.SITE_URL.rstrip("/") + self.get_absolute_url()

    @property
    def document(self) -> Assessment | Realisation:
        return self.assessment or self.realisation

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None and self.withdrawn_at is None

    @property
    def file_sha256(self) -> str:
        """The hash of the document file itself (the PDF of an evaluation report), '' for a report's snapshot."""
        return self.files[0]["sha256"] if self.kind == self.Kind.EVALUATION_REPORT and self.files else ""

    def content_lines(self) -> list[tuple[str, object]]:
        """(label, value) of the stored content, for the readers who may see it."""
        return [(str(CONTENT_LABELS.get(key, key)), value) for key, value in self.content.items()]
