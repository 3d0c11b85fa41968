import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import rules
from actionplan.models import Activity
from core.history import HashChained
from core.scopes import VersionedQuerySet
from indicators.models import Indicator, ScaleLevel
from monev.choices import ProposalStatus, Semester, Status
from roadmap.models import OPD, Roadmap


class PeriodQuerySet(VersionedQuerySet):
    def for_roadmap(self, roadmap: Roadmap) -> "PeriodQuerySet":
        return self.filter(roadmap=roadmap)


class Period(models.Model):
    """A semester of a roadmap year in which OPDs report their realisations (BAB IV)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    opens_on = models.DateField(_("dibuka"))
    deadline = models.DateField(_("batas waktu"))
    locked_at = models.DateTimeField(_("dikunci pada"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["year", "semester"]
        permissions = [("unlock_period", _("Membuka kunci periode"))]
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "year", "semester"],
                name="period_unique_semester",
                violation_error_message=_("Periode untuk tahun dan semester ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="period_deadline_after_opening",
                violation_error_message=_("Batas waktu harus sama atau setelah tanggal dibuka."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_semester_display()}"

    def get_absolute_url(self) -> str:
        return reverse("monev:my_tasks") + f"?periode={self.pk}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def short_label(self) -> str:
        return self.format_short_label(self.year, self.semester)

    @staticmethod
    def format_short_label(year: int, semester: int) -> str:
        """'2023/SII', as tables and charts name a period."""
        return f"{year}/S{'I' * semester}"

    def is_open_for(self, opd: OPD, today: date | None = None) -> bool:
        """OPD writes are allowed from the opening date until the lock, or while reopened for it."""
        today = today or timezone.localdate()
        if self.is_locked:
            return self.reopenings.filter(opd=opd, closed_at__isnull=True).exists()
        return today >= self.opens_on


class PeriodReopening(models.Model):
    """An administrator's decision to reopen a locked period for one OPD, with its reason."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reopenings", verbose_name=_("periode"))
    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="reopenings", verbose_name=_("OPD"))
    reason = models.TextField(_("alasan"), max_length=2000)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuka kembali oleh")
    )
    reopened_at = models.DateTimeField(_("dibuka kembali pada"), default=timezone.now)
    closed_at = models.DateTimeField(_("ditutup kembali pada"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-reopened_at"]
        verbose_name = _("pembukaan kembali periode")
        verbose_name_plural = _("pembukaan kembali periode")

    def __str__(self) -> str:
        return f"{self.period} — {self.opd}"


class RealisationQuerySet(VersionedQuerySet):
    def for_user(self, user) -> "RealisationQuerySet":
        """What a user may see: everything for Bagian Organisasi/Inspektorat/admins, else their OPD's."""
        return rules.visible(self, user, rules.sees_all_opds)

    def of_row(self, period: Period, opd: OPD, activity, indicator) -> "Realisation | None":
        """The period's report on a row by the OPD, else by a unit it carries on: a merged unit's returned report
        is completed under the name it was made under, not duplicated. One query."""
        # order_by: Meta.ordering joins nullable relations, which FOR UPDATE (a locking caller) refuses on PostgreSQL
        found = list(
            self.filter(period=period, opd__in=opd.lineage_ids, activity=activity, indicator=indicator).order_by("pk")
        )
        return next((report for report in found if report.opd_id == opd.pk), found[0] if found else None)

    def with_details(self) -> "RealisationQuerySet":
        return self.select_related(
            "period", "opd", "activity__area", "indicator__focus_item__priority", "indicator__scale", "level"
        )

    def with_row_labels(self) -> "RealisationQuerySet":
        """For a page of a long list: the rows in two small follow-up queries, because one ten-table
        join cost PostgreSQL more to plan than to run."""
        return self.select_related("period", "opd", "level").prefetch_related(
            models.Prefetch("activity", queryset=Activity.objects.select_related("area")),
            models.Prefetch("indicator", queryset=Indicator.objects.select_related("focus_item__priority")),
        )

    def with_evidence_count(self) -> "RealisationQuerySet":
        """Each report's number of files that count as its evidence (not removed), as `evidence_count`."""
        return self.annotate(evidence_count=models.Count("evidence", filter=Q(evidence__removed_at__isnull=True)))


EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# Evidence types a browser shows inline without running anything from the file.
PREVIEW_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


class Realisation(models.Model):
    """One OPD's semester report on one rencana aksi row or one indicator."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="realisations")
    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="realisations")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="realisations")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="realisations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    value = models.DecimalField(_("nilai realisasi"), max_digits=14, decimal_places=4, null=True, blank=True)
    level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tingkat")
    )
    progress = models.DecimalField(_("progres (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Which year's result an annual indicator's report carries (opini BPK on N is published in N+1)
    data_year = models.PositiveSmallIntegerField(
        _("tahun data"), null=True, blank=True, help_text=_("Tahun hasil yang dilaporkan, untuk indikator tahunan.")
    )
    narrative = models.TextField(_("uraian capaian"), max_length=5000, blank=True)
    obstacles = models.TextField(_("kendala"), max_length=3000, blank=True)
    follow_up = models.TextField(_("rencana tindak lanjut"), max_length=3000, blank=True)
    return_note = models.TextField(_("catatan pengembalian"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RealisationQuerySet.as_manager()

    class Meta:
        ordering = ["period", "opd", "activity", "indicator"]
        # Role powers, granted to the role groups by accounts.roles
        permissions = [
            ("report_realisation", _("Melaporkan realisasi untuk OPD sendiri")),
            ("approve_realisation", _("Menyetujui laporan OPD sendiri (Kepala OPD)")),
            ("verify_realisation", _("Memverifikasi atau mengembalikan laporan")),
            ("comment_realisation", _("Mengomentari laporan yang dapat dilihat")),
            ("view_all_opds", _("Melihat laporan semua OPD")),
            ("view_dashboards", _("Melihat dasbor pemantauan")),
        ]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.CheckConstraint(
                condition=(Q(activity__isnull=False) & Q(indicator__isnull=True))
                | (Q(activity__isnull=True) & Q(indicator__isnull=False)),
                name="realisation_one_row",
                violation_error_message=_("Realisasi harus untuk tepat satu kegiatan atau satu indikator."),
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | (Q(progress__gte=0) & Q(progress__lte=100)),
                name="realisation_progress_0_100",
                violation_error_message=_("Progres harus antara 0 dan 100 persen."),
            ),
            models.UniqueConstraint(
                fields=["period", "opd", "activity"],
                condition=Q(activity__isnull=False),
                name="realisation_unique_activity",
                violation_error_message=_("OPD ini sudah punya laporan untuk kegiatan ini pada periode ini."),
            ),
            models.UniqueConstraint(
                fields=["period", "opd", "indicator"],
                condition=Q(indicator__isnull=False),
                name="realisation_unique_indicator",
                violation_error_message=_("OPD ini sudah punya laporan untuk indikator ini pada periode ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.short_label} {self.opd} — {self.row_label}"

    def get_absolute_url(self) -> str:
        return self.url_for(self.pk)

    @staticmethod
    def url_for(pk: int) -> str:
        """The report page of report `pk` (the dashboards' light rows link to it without an instance)."""
        return reverse("monev:realisation_detail", args=[pk])

    @property
    def row(self) -> Activity | Indicator:
        return self.activity or self.indicator

    @property
    def row_label(self) -> str:
        if self.activity_id:
            return f"{self.activity.reference} {self.activity.kegiatan}"
        return f"{self.indicator.focus_item.section_code} {self.indicator.name}"

    @property
    def is_verified(self) -> bool:
        return self.status == Status.VERIFIED

    # The states the access rules (accounts.rules) ask about
    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def awaits_approval(self) -> bool:
        return self.status == Status.AWAITING_APPROVAL

    @property
    def awaits_verification(self) -> bool:
        return self.status == Status.SUBMITTED

    @property
    def waiting_days(self) -> int | None:
        """Whole days since the report was submitted, while it waits for a decision."""
        if self.submitted_at is None or self.status not in {Status.SUBMITTED, Status.AWAITING_APPROVAL}:
            return None
        return (timezone.localdate() - timezone.localdate(self.submitted_at)).days

    @property
    def is_returnable(self) -> bool:
        return self.status in {Status.SUBMITTED, Status.VERIFIED}

    @property
    def unit(self) -> str:
        return self.indicator.unit if self.indicator_id else ""

    @property
    def target_year(self) -> int:
        """The year whose target the report is compared with: its data year, else the period's."""
        return self.data_year or self.period.year


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under MEDIA_ROOT (never the static tree), named by content hash.
    return f"bukti/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class EvidenceQuerySet(VersionedQuerySet):
    def active(self) -> "EvidenceQuerySet":
        """Files that count as the report's evidence (not removed by the OPD before submitting)."""
        return self.filter(removed_at__isnull=True)

    def for_user(self, user) -> "EvidenceQuerySet":
        """The files of the reports the user may see: evidence is served to nobody else."""
        return self.filter(realisation__in=Realisation.objects.for_user(user))

    def previewable(self) -> "EvidenceQuerySet":
        """Files a browser shows inline without running anything from them (PDF, PNG, JPEG)."""
        return self.filter(content_type__in=PREVIEW_TYPES)


class Evidence(models.Model):
    """A bukti dukung file of a report; files are never deleted: a removed one stays in the history."""

    realisation = models.ForeignKey(Realisation, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    extension = models.CharField(_("ekstensi"), max_length=10)
    size = models.PositiveBigIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    removed_at = models.DateTimeField(_("dihapus dari laporan"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("monev:evidence_download", args=[self.pk])

    @property
    def previewable(self) -> bool:
        """PDF and images open inline in the browser (monev.views.preview_evidence)."""
        return self.content_type in PREVIEW_TYPES

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReportEvent(HashChained):
    """One entry of a report's history: who did what when, with old -> new values; hash-chained per report."""

    chain_parent = "realisation"
    chain_fields = ("realisation", "actor", "at", "action", "changes", "note")

    class Action(models.TextChoices):
        SAVED = "saved", _("disimpan")
        FORWARDED = "forwarded", _("diteruskan ke Kepala OPD")
        SUBMITTED = "submitted", _("diajukan ke Bagian Organisasi")
        RESUBMITTED = "resubmitted", _("diperbaiki dan diajukan kembali")
        APPROVED = "approved", _("disetujui Kepala OPD dan diajukan ke Bagian Organisasi")
        RETURNED = "returned", _("dikembalikan Bagian Organisasi untuk diperbaiki")
        RETURNED_TO_OPERATOR = "returned_to_operator", _("dikembalikan Kepala OPD ke operator untuk diperbaiki")
        VERIFIED = "verified", _("diverifikasi Bagian Organisasi")
        EVIDENCE = "evidence", _("bukti diunggah")
        EVIDENCE_REMOVED = "evidence_removed", _("bukti dihapus dari laporan")
        COMMENT = "comment", _("komentar")
        IMPORTED = "imported", _("diimpor dari Excel")

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.TextField(_("catatan"), max_length=4000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        # "Riwayat terbaru" of an OPD walks the newest events first instead of sorting all of them.
        indexes = [models.Index(fields=["-at", "-id"], name="reportevent_newest_first")]
        constraints = [
            models.UniqueConstraint(
                fields=["realisation", "prev_hash"],
                name="reportevent_one_successor",
                violation_error_message=_("Riwayat laporan ini baru saja ditambah orang lain; coba lagi."),
            )
        ]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.actor}"

    def labelled_changes(self) -> list[tuple[str, str | None, str | None]]:
        """(field label, old, new) for display; labels come from the model's verbose names."""
        labels = {field.name: str(field.verbose_name) for field in Realisation._meta.fields}
        labels["bukti"] = str(_("bukti dukung"))
        return [(labels.get(name, name), old, new) for name, (old, new) in self.changes.items()]


class OPDProposal(models.Model):
    """A rencana aksi row an OPD proposes for itself (Prioritas OPD, Perbup 3.1.4 and 3.5)."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="proposals")
    area = models.ForeignKey("roadmap.ChangeArea", on_delete=models.PROTECT, related_name="proposals")
    kegiatan = models.TextField(_("kegiatan"), max_length=1000)
    criteria = models.TextField(_("kriteria keberhasilan"), max_length=2000)
    output_target = models.TextField(_("indikator dan target"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decision_note = models.TextField(_("catatan keputusan"), max_length=2000, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("diusulkan"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    activity = models.OneToOneField(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("baris rencana aksi hasil persetujuan"),
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        permissions = [("decide_opdproposal", _("Memutuskan usulan prioritas OPD"))]
        verbose_name = _("usulan prioritas OPD")
        verbose_name_plural = _("usulan prioritas OPD")

    def __str__(self) -> str:
        return f"{self.opd}: {self.kegiatan[:60]}"


class UploadSession(models.Model):
    """An evidence file arriving in pieces (the tus protocol, monev.uploads): a dropped connection resumes
    at `offset` instead of starting over. Once complete it is attached to a report by the report form,
    which checks the whole file (size, type, SHA-256) as it checks any upload."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("nama berkas"), max_length=255)
    length = models.PositiveBigIntegerField(_("ukuran (byte)"))
    offset = models.PositiveBigIntegerField(_("sudah diterima (byte)"), default=0)
    sha256 = models.CharField(_("SHA-256 menurut pengirim"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("dimulai"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("unggahan bertahap")
        verbose_name_plural = _("unggahan bertahap")
        constraints = [
            models.CheckConstraint(
                condition=Q(offset__lte=models.F("length")),
                name="uploadsession_offset_within_length",
                violation_error_message=_("Unggahan melebihi ukuran yang diumumkan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"

    def get_absolute_url(self) -> str:
        return reverse("monev:upload_session", args=[self.pk])

    @property
    def is_complete(self) -> bool:
        return self.offset == self.length

    @property
    def path(self):
        """Where the bytes received so far are kept, outside the evidence tree until the report takes them."""
        from pathlib import Path

        return Path(settings.MEDIA_ROOT) / "unggahan-bertahap" / f"{self.pk}.part"
