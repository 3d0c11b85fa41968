from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts import rules
from core.history import HashChained
from core.scopes import VersionedQuerySet
from roadmap.models import OPD


class AnswerType(models.TextChoices):
    YT = "YT", _("Ya/Tidak")
    ABC = "ABC", _("A/B/C")
    ABCD = "ABCD", _("A/B/C/D")
    ABCDE = "ABCDE", _("A/B/C/D/E")
    PERCENT = "PERSEN", _("persentase (0–100)")
    NUMERIC = "ANGKA", _("angka (0–nilai maksimum)")


NUMBER_TYPES = {AnswerType.PERCENT, AnswerType.NUMERIC}
"""Answer types answered with a number instead of an option; converted to a 0–1 value when scored."""


class Certainty(models.TextChoices):
    """How sure a part of a worksheet version is (DOMAIN.md's tags)."""

    VERIFIED = "verified", _("terverifikasi")
    REPORTED = "reported", _("dilaporkan (periksa lembar kerja resmi)")
    UNKNOWN = "unknown", _("belum diketahui")


def _certainty_field():
    return models.CharField(_("kepastian"), max_length=10, choices=Certainty.choices, default=Certainty.VERIFIED)


class WorksheetVersionQuerySet(VersionedQuerySet):
    def for_year(self, year: int) -> "WorksheetVersionQuerySet":
        """The versions whose evaluation years include `year`: published first, then the latest start."""
        return (
            self.filter(models.Q(first_year__isnull=True) | models.Q(first_year__lte=year))
            .filter(models.Q(last_year__isnull=True) | models.Q(last_year__gte=year))
            .order_by("-is_published", models.F("first_year").desc(nulls_last=True), "-created_at")
        )


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
    first_year = models.PositiveSmallIntegerField(
        _("tahun evaluasi pertama"), null=True, blank=True, help_text=_("Kosong: berlaku sejak awal.")
    )
    last_year = models.PositiveSmallIntegerField(
        _("tahun evaluasi terakhir"), null=True, blank=True, help_text=_("Kosong: masih berlaku.")
    )
    total_weight = models.DecimalField(
        _("bobot total"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        default=Decimal(100),
        help_text=_("Jumlah bobot komponen teratas; tidak harus 100. Kosong bila belum diketahui."),
    )
    predicate_scale = models.CharField(
        _("skala predikat"),
        max_length=40,
        blank=True,
        help_text=_("Kode skala pada master skala (mis. indeks_rb). Kosong bila belum diketahui."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = WorksheetVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("versi LKE PMPRB")
        verbose_name_plural = _("versi LKE PMPRB")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_year__isnull=True)
                | models.Q(last_year__isnull=True)
                | models.Q(first_year__lte=models.F("last_year")),
                name="version_years_in_order",
                violation_error_message=_("Tahun pertama tidak boleh sesudah tahun terakhir."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years_text(self) -> str:
        """'2020–2022', 's.d. 2019', 'sejak 2023'."""
        if self.first_year and self.last_year:
            return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"
        if self.last_year:
            return f"s.d. {self.last_year}"
        return f"sejak {self.first_year}" if self.first_year else "—"


class Component(models.Model):
    """A weighted part of a version; components nest to any depth and hold areas or Hasil indicators.

    14/2014: Pengungkit (areas) and Hasil (indicators). 26/2020: Pengungkit = Pemenuhan + Hasil
    Antara + Reform, Hasil = four parts. 9/2023: RB General and RB Tematik.
    """

    class Code:
        PENGUNGKIT = "pengungkit"
        HASIL = "hasil"

    version = models.ForeignKey(WorksheetVersion, on_delete=models.CASCADE, related_name="components")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    certainty = _certainty_field()
    note = models.TextField(_("catatan sumber"), blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="component_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({_weight_text(self.weight)})"


def _weight_text(weight: Decimal | None) -> str:
    return "?" if weight is None else str(weight.normalize())


class LkeArea(models.Model):
    """An area of the worksheet's Pengungkit component."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3, null=True, blank=True)
    certainty = _certainty_field()

    objects = VersionedQuerySet.as_manager()

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
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3, null=True, blank=True)
    certainty = _certainty_field()
    order = models.PositiveSmallIntegerField(_("urutan"))

    objects = VersionedQuerySet.as_manager()

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
    answer_type = models.CharField(_("jenis jawaban"), max_length=6, choices=AnswerType.choices)
    criteria = models.TextField(_("kriteria"), blank=True)
    input_max = models.DecimalField(
        _("nilai maksimum"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Untuk jawaban angka: nilai = jawaban / maksimum."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    rule = models.JSONField(
        _("aturan lembar kerja"),
        default=dict,
        blank=True,
        help_text=_('Aturan khusus LKE, mis. {"kind": "multiply_by_value_of", "question": "5.4.b"}.'),
    )

    objects = VersionedQuerySet.as_manager()

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

    objects = VersionedQuerySet.as_manager()

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
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=3, null=True, blank=True)
    certainty = _certainty_field()
    input_max = models.DecimalField(
        _("nilai masukan maksimum"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Nilai = masukan / maksimum × bobot. Kosong bila masukan berupa tingkat (opini BPK)."),
    )
    guidance = models.TextField(_("petunjuk"), blank=True)
    formula = models.CharField(_("rumus (teks)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["component", "order"]
        verbose_name = _("indikator hasil")
        verbose_name_plural = _("indikator hasil")
        constraints = [models.UniqueConstraint(fields=["component", "code"], name="hasil_indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({_weight_text(self.weight)})"


class HasilLevel(models.Model):
    indicator = models.ForeignKey(HasilIndicator, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("kode"), max_length=20)
    label = models.CharField(_("sebutan"), max_length=200)
    score = models.DecimalField(_("skor"), max_digits=6, decimal_places=3)

    objects = VersionedQuerySet.as_manager()

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

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["subarea", "area_number", "subprogram_no"]
        verbose_name = _("pemetaan sub-area ke rencana aksi")
        verbose_name_plural = _("pemetaan sub-area ke rencana aksi")
        constraints = [
            models.UniqueConstraint(fields=["subarea", "area_number", "subprogram_no"], name="mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subarea.code} → {self.area_number}.{self.subprogram_no}"


class AssessmentQuerySet(VersionedQuerySet):
    def pemda(self) -> "AssessmentQuerySet":
        return self.filter(opd__isnull=True)

    def official(self) -> "AssessmentQuerySet":
        """Not a latihan: the assessments that may stand as a year's result."""
        return self.filter(is_practice=False)


class Assessment(models.Model):
    """The PMPRB self-assessment of one year, of the whole Pemda or of one unit kerja (OPD)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("dalam penilaian")
        FINAL = "final", _("final")

    version = models.ForeignKey(WorksheetVersion, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("tahun"))
    opd = models.ForeignKey(
        OPD,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pmprb_assessments",
        verbose_name=_("unit kerja"),
        help_text=_("Kosong: penilaian tingkat Pemda."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_practice = models.BooleanField(
        _("latihan"),
        default=False,
        help_text=_("Latihan pada model lain yang dapat dipakai: bukan hasil resmi tahun ini, tidak dapat difinalkan."),
    )
    report_number = models.CharField(_("nomor laporan"), max_length=100, blank=True)
    evaluation_date = models.DateField(_("tanggal evaluasi"), null=True, blank=True)
    signatory_name = models.CharField(_("nama penandatangan"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("NIP penandatangan"), max_length=30, blank=True)
    signatory_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    signatory_title = models.CharField(_("jabatan penandatangan"), max_length=200, default="Inspektur")
    team = models.TextField(_("tim penilai"), max_length=2000, blank=True, help_text=_("Satu anggota per baris."))
    team_decree = models.CharField(
        _("keputusan pembentukan tim"),
        max_length=300,
        blank=True,
        help_text=_("Untuk Dasar Hukum, mis. Keputusan Inspektur Nomor … Tahun … tentang Tim Penilai Internal PMPRB."),
    )
    nature = models.CharField(_("sifat nota dinas"), max_length=40, blank=True, help_text=_("Mis. Biasa, Penting."))
    attachment = models.CharField(
        _("lampiran nota dinas"), max_length=100, blank=True, help_text=_("Mis. 1 (satu) berkas.")
    )
    background = models.TextField(
        _("latar belakang"),
        max_length=4000,
        blank=True,
        help_text=_("Kosong: paragraf baku tentang road map dan PMPRB tahunan."),
    )
    copies = models.TextField(_("tembusan"), max_length=2000, blank=True, help_text=_("Satu penerima per baris."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "opd__short_name"]
        permissions = [("fill_assessment", _("Mengisi penilaian PMPRB, temuan dan rekomendasi"))]
        verbose_name = _("penilaian PMPRB")
        verbose_name_plural = _("penilaian PMPRB")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "is_practice"],
                condition=models.Q(opd__isnull=True),
                name="assessment_unique_pemda_year",
                violation_error_message=_("Penilaian Pemda untuk tahun ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["year", "opd", "is_practice"],
                condition=models.Q(opd__isnull=False),
                name="assessment_unique_opd_year",
                violation_error_message=_("Penilaian unit kerja ini untuk tahun ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        name = f"PMPRB {self.year} {self.opd.short_name}" if self.opd_id else f"PMPRB {self.year}"
        return f"{name} (LATIHAN)" if self.is_practice else name

    def get_absolute_url(self) -> str:
        return reverse("pmprb:assessment", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @cached_property
    def year_version(self) -> "WorksheetVersion | None":
        """The official model of the assessment's year (may differ from the one it is made on)."""
        return WorksheetVersion.objects.for_year(self.year).first()

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class AssessmentEvent(HashChained):
    """A step in an assessment's history: finalised, reopened (with the reason); hash-chained per assessment."""

    chain_parent = "assessment"
    chain_fields = ("assessment", "action", "reason", "user", "at")

    class Action(models.TextChoices):
        CREATED = "created", _("dibuat")
        FINALISED = "finalised", _("difinalkan")
        REOPENED = "reopened", _("dibuka kembali")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=12, choices=Action.choices)
    reason = models.TextField(_("alasan"), max_length=4000, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["assessment", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "prev_hash"],
                name="assessmentevent_one_successor",
                violation_error_message=_("Riwayat penilaian ini baru saja ditambah orang lain; coba lagi."),
            )
        ]
        verbose_name = _("riwayat penilaian")
        verbose_name_plural = _("riwayat penilaian")

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_action_display()}"


class Answer(models.Model):
    """The asesor's answer to a question, and the koordinator's final answer, each with who and when.

    Option questions store an option; percentage and numeric questions store a number.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    asesor_option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    asesor_number = models.DecimalField(
        _("jawaban angka asesor"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    asesor_note = models.TextField(_("catatan asesor"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    final_option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    final_number = models.DecimalField(_("jawaban angka final"), max_digits=14, decimal_places=3, null=True, blank=True)
    review_note = models.TextField(_("catatan koordinator"), max_length=4000, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(_("difinalkan"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

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

    @property
    def effective_number(self) -> Decimal | None:
        return self.final_number if self.final_number is not None else self.asesor_number


def question_evidence_path(instance: "QuestionEvidence", filename: str) -> str:
    return f"bukti-lke/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class QuestionEvidence(models.Model):
    """Evidence the asesor attaches to one question of an assessment: a file, a link or a note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=question_evidence_path, blank=True, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    url = models.URLField(_("tautan"), max_length=500, blank=True)
    note = models.TextField(_("catatan"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "question", "recorded_at", "pk"]
        verbose_name = _("bukti pertanyaan")
        verbose_name_plural = _("bukti pertanyaan")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url="") | ~models.Q(note=""),
                name="question_evidence_not_empty",
                violation_error_message=_("Bukti harus berupa berkas, tautan atau catatan."),
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.url or self.note[:60]


class HasilInput(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="hasil_inputs")
    indicator = models.ForeignKey(HasilIndicator, on_delete=models.PROTECT, related_name="inputs")
    value = models.DecimalField(_("nilai masukan"), max_digits=8, decimal_places=3, null=True, blank=True)
    level = models.ForeignKey(HasilLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("diisi"), default=timezone.now)

    objects = VersionedQuerySet.as_manager()

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
    # A paragraph: the signed PDF prints every finding and recommendation in full within its budget
    text = models.TextField(_("temuan"), max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "lke_area__number", "pk"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "belum", _("belum ditindaklanjuti")
    IN_PROGRESS = "proses", _("dalam proses")
    IN_REVIEW = "diperiksa", _("menunggu pemeriksaan Inspektorat")
    RETURNED = "kembali", _("belum sesuai — dikembalikan ke OPD")
    DONE = "selesai", _("selesai (diterima Inspektorat)")
    UNABLE = "tdtl", _("tidak dapat ditindaklanjuti")


CLOSED_STATUSES = (FollowUpStatus.DONE, FollowUpStatus.UNABLE)
"""A recommendation is closed only by an Inspektorat decision on a follow-up."""


class FollowUpDecision(models.TextChoices):
    """The Inspektorat's decision on an OPD's follow-up (TLHP)."""

    ACCEPTED = "sesuai", _("sesuai")
    NOT_YET = "belum_sesuai", _("belum sesuai")
    UNABLE = "tdtl", _("tidak dapat ditindaklanjuti")


class RecommendationQuerySet(VersionedQuerySet):
    def for_user(self, user) -> "RecommendationQuerySet":
        """What a user may see: everything for the assessment's readers, else their OPD's."""
        return rules.visible(self, user, rules.reads_assessments)

    def overdue(self, today=None) -> "RecommendationQuerySet":
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status__in=CLOSED_STATUSES)


class Recommendation(models.Model):
    """A recommendation (RATL) addressed to one OPD, with a due date and its follow-up status."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("rekomendasi"), max_length=1000)
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
        return self.status not in CLOSED_STATUSES and self.due_date < timezone.localdate()

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


def follow_up_path(instance: "FollowUp", filename: str) -> str:
    return f"tindak-lanjut/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class FollowUp(models.Model):
    """One step of an OPD's tindak lanjut on a recommendation; the history is kept."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices)
    note = models.TextField(_("uraian tindak lanjut"), max_length=4000)
    file = models.FileField(_("bukti"), upload_to=follow_up_path, blank=True, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    decision = models.CharField(_("keputusan Inspektorat"), max_length=12, choices=FollowUpDecision.choices, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        permissions = [("decide_follow_up", _("Menilai tindak lanjut OPD (TLHP)"))]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.note[:60]}"

    @property
    def is_undecided(self) -> bool:
        return not self.decision

    @property
    def state_label(self) -> str:
        """This step as it truly stands: the Inspektorat's decision once made, else what the OPD asked for."""
        if self.decision:
            return str(DECISION_STATUS_LABELS[self.decision])
        return self.get_status_display()


DECISION_STATUS = {
    FollowUpDecision.ACCEPTED: FollowUpStatus.DONE,
    FollowUpDecision.NOT_YET: FollowUpStatus.RETURNED,
    FollowUpDecision.UNABLE: FollowUpStatus.UNABLE,
}
"""The recommendation's status after each decision: only 'sesuai' makes it done."""

DECISION_STATUS_LABELS = {decision: FollowUpStatus(status).label for decision, status in DECISION_STATUS.items()}


ZERO = Decimal(0)


def report_logo_path(instance: "ReportSettings", filename: str) -> str:
    return f"kop/{filename}"


class ReportSettings(models.Model):
    """The kop of the signed evaluation report (one row, edited in the admin)."""

    pemda_name = models.CharField(_("nama Pemda"), max_length=200, default="PEMERINTAH KABUPATEN PASURUAN")
    office_name = models.CharField(_("nama kantor"), max_length=200, default="INSPEKTORAT")
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    contact = models.CharField(_("telepon, surel, laman"), max_length=300, blank=True)
    city = models.CharField(_("kota penandatanganan"), max_length=100, default="Pasuruan")
    addressee = models.CharField(_("tujuan nota dinas"), max_length=200, default="Bupati Pasuruan")
    logo = models.FileField(_("logo (PNG/JPG/SVG)"), upload_to=report_logo_path, blank=True, max_length=300)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaturan kop laporan")
        verbose_name_plural = _("pengaturan kop laporan")

    def __str__(self) -> str:
        return f"{self.pemda_name} — {self.office_name}"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton
        super().save(*args, **kwargs)

    def missing_parts(self) -> list[str]:
        """What the signed report's kop still lacks; the administrator is reminded until it is empty."""
        parts = {_("lambang"): self.logo, _("alamat"): self.address, _("telepon, surel, laman"): self.contact}
        return [str(name) for name, value in parts.items() if not value]

    @classmethod
    def peek(cls) -> "ReportSettings":
        """The kop as stored, else the defaults, without writing (for a page that only reads it)."""
        return cls.objects.filter(pk=1).first() or cls()

    @classmethod
    def load(cls) -> "ReportSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
