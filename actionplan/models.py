from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scopes import VersionedQuerySet
from roadmap.models import OPD, ChangeArea, OrderedOPDLink, Roadmap


class ActivityQuerySet(VersionedQuerySet):
    def perbup(self) -> "ActivityQuerySet":
        """Rows of the Perbup's own Lampiran (not OPD additions)."""
        return self.filter(origin=Activity.Origin.PERBUP)

    def with_details(self) -> "ActivityQuerySet":
        return self.select_related("area__roadmap").prefetch_related("opd_links__opd")

    def in_roadmap(self, roadmap_id: int) -> "ActivityQuerySet":
        return self.filter(area__roadmap_id=roadmap_id)

    def for_opd(self, opd) -> "ActivityQuerySet":
        """Rows the OPD is responsible for (the Perbup's and its approved additions), also as the unit a
        renamed or merged OPD became (accounts/reorganisation.py)."""
        return self.filter(opd_links__opd__in=opd.lineage_ids).distinct()


class Activity(models.Model):
    """A row of the Lampiran's Rencana Aksi table: one output indicator of one kegiatan."""

    class Origin(models.TextChoices):
        PERBUP = "perbup", _("Lampiran Perbup")
        OPD_ADDITION = "opd_addition", _("Tambahan OPD (Prioritas OPD yang disetujui)")

    area = models.ForeignKey(ChangeArea, on_delete=models.PROTECT, related_name="activities")
    order = models.PositiveSmallIntegerField(_("urutan dalam area"))
    subprogram_no = models.PositiveSmallIntegerField(_("nomor sub-program"), null=True, blank=True)
    subprogram = models.CharField(_("sub-program"), max_length=300, blank=True)
    letter = models.CharField(_("huruf kegiatan"), max_length=3, blank=True)
    kegiatan = models.TextField(_("kegiatan"), blank=True)
    criteria = models.TextField(_("kriteria keberhasilan"), blank=True)
    output_target = models.TextField(_("indikator dan target"), blank=True)
    schedule = models.JSONField(_("waktu pelaksanaan (yang tercetak)"), default=dict, blank=True)
    continuation = models.BooleanField(_("lanjutan kegiatan sebelumnya"), default=False)
    origin = models.CharField(_("asal baris"), max_length=20, choices=Origin.choices, default=Origin.PERBUP)
    inferred = models.JSONField(_("nilai yang disimpulkan"), default=dict, blank=True)
    notes = models.TextField(_("catatan transkripsi"), blank=True)
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)
    opds = models.ManyToManyField(
        OPD, through="ActivityOPD", related_name="activities", verbose_name=_("penanggung jawab")
    )
    # The Pemda's plan, not Perbup text: the Perbup gives yearly targets only (DOMAIN.md "Kegiatan progress")
    planned_semester_1 = models.DecimalField(
        _("rencana progres Semester I (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    planned_semester_2 = models.DecimalField(
        _("rencana progres Semester II (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["area__number", "order"]
        verbose_name = _("kegiatan rencana aksi")
        verbose_name_plural = _("kegiatan rencana aksi")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "source_line"],
                name="activity_unique_source_line",
                violation_error_message=_("Baris sumber ini sudah dipakai kegiatan lain."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    planned_semester_1__gte=0,
                    planned_semester_1__lte=models.F("planned_semester_2"),
                    planned_semester_2__lte=100,
                ),
                name="activity_plan_0_to_100",
                violation_error_message=_("Rencana progres harus 0–100 % dan Semester I tidak melebihi Semester II."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.kegiatan[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("admin:actionplan_activity_change", args=[self.pk])

    @property
    def is_opd_addition(self) -> bool:
        return self.origin == self.Origin.OPD_ADDITION

    def planned_progress(self, semester: int) -> Decimal:
        """The progress planned by the end of `semester` (1 or 2)."""
        return self.planned_semester_1 if semester == 1 else self.planned_semester_2

    @property
    def reference(self) -> str:
        return self.format_reference(self.area.number, self.subprogram_no, self.letter, self.continuation)

    @staticmethod
    def format_reference(area_number: int, subprogram_no: int | None, letter: str, continuation: bool) -> str:
        """Area.subprogram.letter as printed; '?' where the Perbup lost it."""
        subprogram = str(subprogram_no) if subprogram_no else "?"
        suffix = " (lanjutan)" if continuation else ""
        return f"{area_number}.{subprogram}.{letter or '?'}{suffix}"


class ActivityOPD(OrderedOPDLink):
    """A responsible OPD of a rencana aksi row."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="opd_links")

    class Meta(OrderedOPDLink.Meta):
        verbose_name = _("penanggung jawab")
        verbose_name_plural = _("penanggung jawab")
        constraints = [models.UniqueConstraint(fields=["activity", "opd"], name="activity_opd_unique")]


class Program(models.Model):
    """A program of the table at the end of section 3.3."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="programs")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("program"), max_length=300)
    kegiatan_text = models.TextField(_("uraian kegiatan (bukan daftar)"), blank=True)
    notes = models.TextField(_("catatan transkripsi"), blank=True)
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "number"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="program_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ProgramItem(models.Model):
    """A kegiatan listed under a program, optionally under a lettered sub-item (Quick Wins a.-e.)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("urutan"))
    group_letter = models.CharField(_("huruf sub-program"), max_length=3, blank=True)
    group_title = models.CharField(_("sub-program"), max_length=300, blank=True)
    letter = models.CharField(_("huruf"), max_length=3, blank=True)
    text = models.TextField(_("kegiatan"))

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("kegiatan program")
        verbose_name_plural = _("kegiatan program")
        constraints = [models.UniqueConstraint(fields=["program", "order"], name="program_item_unique_order")]

    def __str__(self) -> str:
        return f"{self.letter}) {self.text}"
