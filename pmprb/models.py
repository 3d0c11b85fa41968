from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roadmap.models import OPD


class AnswerType(models.TextChoices):
    YT = "YT", _("Ya/Tidak")
    ABC = "ABC", _("A/B/C")
    ABCD = "ABCD", _("A/B/C/D")
    ABCDE = "ABCDE", _("A/B/C/D/E")


class WorksheetVersion(models.Model):
    """A version of the PMPRB worksheet (LKE): structure and weights, loaded as data."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=300)
    regulation = models.CharField(_("dasar hukum"), max_length=300)
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    is_published = models.BooleanField(
        _("siap dipakai"), default=False, help_text=_("Hanya versi yang bobotnya sesuai dapat dipakai untuk penilaian.")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("versi LKE PMPRB")
        verbose_name_plural = _("versi LKE PMPRB")

    def __str__(self) -> str:
        return self.name

    def weight_problems(self) -> list[str]:
        """Every way the weights fail to add up; empty when the version is consistent."""
        from pmprb.scoring import weight_problems

        return weight_problems(self)


class Component(models.Model):
    """Pengungkit (proses) or Hasil."""

    class Code(models.TextChoices):
        PENGUNGKIT = "pengungkit", _("Pengungkit")
        HASIL = "hasil", _("Hasil")

    version = models.ForeignKey(WorksheetVersion, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("kode"), max_length=20, choices=Code.choices)
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="component_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight.normalize()})"


class LkeArea(models.Model):
    """An area of the worksheet's Pengungkit component."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3)

    class Meta:
        ordering = ["component", "number"]
        verbose_name = _("area LKE")
        verbose_name_plural = _("area LKE")
        constraints = [models.UniqueConstraint(fields=["component", "number"], name="lke_area_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubArea(models.Model):
    area = models.ForeignKey(LkeArea, on_delete=models.CASCADE, related_name="subareas")
    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama"), max_length=300)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["area", "order"]
        verbose_name = _("sub-area LKE")
        verbose_name_plural = _("sub-area LKE")
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="subarea_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Question(models.Model):
    subarea = models.ForeignKey(SubArea, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("kode"), max_length=12)
    text = models.TextField(_("pertanyaan"))
    answer_type = models.CharField(_("jenis jawaban"), max_length=5, choices=AnswerType.choices)
    criteria = models.TextField(_("kriteria"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))
    rule = models.JSONField(
        _("aturan lembar kerja"),
        default=dict,
        blank=True,
        help_text=_('Aturan khusus LKE, mis. {"kind": "multiply_by_value_of", "question": "5.4.b"}.'),
    )

    class Meta:
        ordering = ["subarea", "order"]
        verbose_name = _("pertanyaan LKE")
        verbose_name_plural = _("pertanyaan LKE")
        constraints = [models.UniqueConstraint(fields=["subarea", "code"], name="question_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("kode"), max_length=2)
    text = models.TextField(_("uraian"), blank=True)
    value = models.DecimalField(_("nilai"), max_digits=4, decimal_places=3)

    class Meta:
        ordering = ["question", "code"]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_unique_code"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=1),
                name="option_value_0_1",
                violation_error_message=_("Nilai jawaban harus antara 0 dan 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}" if self.text else self.code


class HasilIndicator(models.Model):
    """An indicator of the Hasil component with its input range and formula."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="hasil_indicators")
    code = models.SlugField(_("kode"), max_length=40)
    group_name = models.CharField(_("kelompok"), max_length=200, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3)
    input_max = models.DecimalField(
        _("nilai masukan maksimum"), max_digits=7, decimal_places=3, null=True, blank=True,
        help_text=_("Nilai = masukan / maksimum × bobot. Kosong bila masukan berupa tingkat (opini BPK)."),
    )  # fmt: skip
    guidance = models.TextField(_("petunjuk"), blank=True)
    formula = models.CharField(_("rumus (teks)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["component", "order"]
        verbose_name = _("indikator hasil")
        verbose_name_plural = _("indikator hasil")
        constraints = [models.UniqueConstraint(fields=["component", "code"], name="hasil_indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight.normalize()})"


class HasilLevel(models.Model):
    indicator = models.ForeignKey(HasilIndicator, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("kode"), max_length=20)
    label = models.CharField(_("sebutan"), max_length=200)
    score = models.DecimalField(_("skor"), max_digits=6, decimal_places=3)

    class Meta:
        ordering = ["indicator", "-score"]
        verbose_name = _("tingkat indikator hasil")
        verbose_name_plural = _("tingkat indikator hasil")
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="hasil_level_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class SubAreaMapping(models.Model):
    """A worksheet sub-area and the Lampiran sub-program whose evidence answers it."""

    subarea = models.ForeignKey(SubArea, on_delete=models.CASCADE, related_name="mappings")
    area_number = models.PositiveSmallIntegerField(_("nomor area Lampiran"))
    subprogram_no = models.PositiveSmallIntegerField(_("nomor sub-program Lampiran"))
    reason = models.TextField(_("dasar pemetaan"), blank=True)

    class Meta:
        ordering = ["subarea", "area_number", "subprogram_no"]
        verbose_name = _("pemetaan sub-area ke rencana aksi")
        verbose_name_plural = _("pemetaan sub-area ke rencana aksi")
        constraints = [
            models.UniqueConstraint(fields=["subarea", "area_number", "subprogram_no"], name="mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subarea.code} → {self.area_number}.{self.subprogram_no}"


class Assessment(models.Model):
    """The PMPRB self-assessment of one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("dalam penilaian")
        FINAL = "final", _("final")

    version = models.ForeignKey(WorksheetVersion, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        permissions = [("fill_assessment", _("Mengisi penilaian PMPRB, temuan dan rekomendasi"))]
        verbose_name = _("penilaian PMPRB")
        verbose_name_plural = _("penilaian PMPRB")

    def __str__(self) -> str:
        return f"PMPRB {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("pmprb:assessment", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    """The asesor's answer to a question, and the koordinator's final answer, each with who and when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    asesor_option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    asesor_note = models.TextField(_("catatan asesor"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    final_option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    review_note = models.TextField(_("catatan koordinator"), blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(_("difinalkan"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "question__subarea__area__number", "question__subarea__order", "question__order"]
        verbose_name = _("jawaban LKE")
        verbose_name_plural = _("jawaban LKE")
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique_question")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.question.code}"

    @property
    def effective_option(self) -> Option | None:
        """The final answer once recorded, else the asesor's."""
        return self.final_option or self.asesor_option


class HasilInput(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="hasil_inputs")
    indicator = models.ForeignKey(HasilIndicator, on_delete=models.PROTECT, related_name="inputs")
    value = models.DecimalField(_("nilai masukan"), max_digits=8, decimal_places=3, null=True, blank=True)
    level = models.ForeignKey(HasilLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("diisi"), default=timezone.now)

    class Meta:
        verbose_name = _("masukan komponen hasil")
        verbose_name_plural = _("masukan komponen hasil")
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="hasil_input_unique")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator.code}"


class Finding(models.Model):
    """A finding of Inspektorat on an area in a year (optionally a semester)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), null=True, blank=True)
    lke_area = models.ForeignKey(LkeArea, on_delete=models.PROTECT, related_name="findings", verbose_name=_("area"))
    text = models.TextField(_("temuan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "lke_area__number", "pk"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "belum", _("belum ditindaklanjuti")
    IN_PROGRESS = "proses", _("dalam proses")
    DONE = "selesai", _("selesai")


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user) -> "RecommendationQuerySet":
        from accounts.rules import reads_assessments, user_opd

        if reads_assessments(user):
            return self
        opd = user_opd(user)
        return self.filter(opd=opd) if opd else self.none()

    def overdue(self, today=None) -> "RecommendationQuerySet":
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status=FollowUpStatus.DONE)


class Recommendation(models.Model):
    """A recommendation (RATL) addressed to one OPD, with a due date and its follow-up status."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("rekomendasi"))
    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("OPD"))
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status tindak lanjut"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        permissions = [("follow_up_recommendation", _("Mencatat tindak lanjut rekomendasi untuk OPD sendiri"))]
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("pmprb:recommendation", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status != FollowUpStatus.DONE and self.due_date < timezone.localdate()


def follow_up_path(instance: "FollowUp", filename: str) -> str:
    return f"tindak-lanjut/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class FollowUp(models.Model):
    """One step of an OPD's tindak lanjut on a recommendation; the history is kept."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices)
    note = models.TextField(_("uraian tindak lanjut"))
    file = models.FileField(_("bukti"), upload_to=follow_up_path, blank=True, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.note[:60]}"


ZERO = Decimal(0)
