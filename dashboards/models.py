from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def report_file_path(instance: "ReportFile", filename: str) -> str:
    return f"laporan-evaluasi/{instance.assessment_id}/{instance.fingerprint}.pdf"


class ReportFile(models.Model):
    """An evaluation report PDF made by the task queue, kept per data version: `fingerprint` is the SHA-256
    of the report's HTML without its print time, so the same data is laid out once and changed data anew."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu pekerja")
        RUNNING = "running", _("sedang dibuat")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    assessment = models.ForeignKey("pmprb.Assessment", on_delete=models.CASCADE, related_name="report_files")
    period = models.ForeignKey(
        "monev.Period",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: laporan tahunan; terisi: laporan satu semester."),
    )
    fingerprint = models.CharField(_("versi data (SHA-256)"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("tahap"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    file = models.FileField(_("berkas"), upload_to=report_file_path, max_length=300, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    created_at = models.DateTimeField(_("diminta"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["assessment", "fingerprint"], name="report_file_version")]
        verbose_name = _("berkas laporan evaluasi")
        verbose_name_plural = _("berkas laporan evaluasi")

    def __str__(self) -> str:
        return f"{self.assessment} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:report_pdf_job", args=[self.assessment_id, self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)
