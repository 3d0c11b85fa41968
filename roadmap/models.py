from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scopes import VersionedQuerySet


class RoadmapQuerySet(VersionedQuerySet):
    def current(self) -> "Roadmap | None":
        """The roadmap reported on now: the active one (else the most recently enacted)."""
        return self.order_by("-is_active", "-year", "-number").first()

    def for_year(self, year: int) -> "Roadmap | None":
        """The roadmap whose target years cover `year`: the active one, else the most recently enacted."""
        covering = self.filter(start_year__lte=year, end_year__gte=year)
        return covering.order_by("-is_active", "-year", "-number").first()


class Roadmap(models.Model):
    """A Road Map Reformasi Birokrasi as enacted by a Peraturan Bupati."""

    regulation = models.CharField(_("jenis peraturan"), max_length=100)
    number = models.PositiveIntegerField(_("nomor"))
    year = models.PositiveIntegerField(_("tahun"))
    title = models.CharField(_("judul (sebagaimana tertulis)"), max_length=300)
    enacted_on = models.DateField(_("tanggal ditetapkan"))
    promulgated_on = models.DateField(_("tanggal diundangkan"))
    start_year = models.PositiveIntegerField(_("tahun target pertama"))
    end_year = models.PositiveIntegerField(_("tahun target terakhir"))
    lampiran_header = models.CharField(_("kepala Lampiran (sebagaimana tertulis)"), max_length=200, blank=True)
    source_document = models.CharField(
        _("dokumen sumber"),
        max_length=300,
        blank=True,
        help_text=_("Berkas teks peraturan yang menjadi acuan baris sumber."),
    )
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)
    is_active = models.BooleanField(
        _("aktif untuk pelaporan"),
        default=False,
        help_text=_("Satu road map aktif: Tugas saya dan dasbor membukanya lebih dulu; road map lain hanya dibaca."),
    )

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("road map")
        verbose_name_plural = _("road map")
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number", "year"],
                name="roadmap_unique_regulation",
                violation_error_message=_("Peraturan dengan nomor dan tahun ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="roadmap_years_ordered",
                violation_error_message=_("Tahun terakhir harus sama atau setelah tahun pertama."),
            ),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="roadmap_one_active",
                violation_error_message=_("Hanya satu road map yang dapat aktif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} Nomor {self.number} Tahun {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("home")

    @property
    def full_title(self) -> str:
        """'Peraturan Bupati Pasuruan Nomor 15 Tahun 2019 tentang Road Map …': how a Dasar Hukum names it."""
        return f"{self} tentang {self.title}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class NationalGoal(models.Model):
    """One of the three national sasaran reformasi birokrasi."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="national_goals")
    number = models.PositiveSmallIntegerField(_("nomor"))
    title = models.CharField(_("sasaran"), max_length=300)
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "number"]
        verbose_name = _("sasaran RB nasional")
        verbose_name_plural = _("sasaran RB nasional")
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="national_goal_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


MAX_LINEAGE_DEPTH = 20  # a guard against a cycle typed into the admin; a roadmap sees one or two changes


class OPDQuerySet(VersionedQuerySet):
    def lineage(self, opd: "OPD") -> "OPDQuerySet":
        """The unit and every unit renamed or merged into it, however many changes back."""
        return self.filter(pk__in=opd.lineage_ids)


class OPD(models.Model):
    """An Organisasi Perangkat Daerah: a unit that can be responsible for roadmap rows."""

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=100, unique=True)
    aliases = models.JSONField(_("variasi ejaan dalam Perbup"), default=list, blank=True)
    named_in_perbup = models.BooleanField(_("disebut dalam Perbup"), default=False)
    requires_head_approval = models.BooleanField(
        _("laporan perlu persetujuan Kepala OPD"),
        default=False,
        help_text=_("Bila aktif, laporan operator menunggu persetujuan Kepala OPD sebelum diajukan."),
    )
    source_lines = models.JSONField(_("baris sumber"), default=list, blank=True)
    # A reorganisation (OPDChange) ends a unit, never deletes it: its reports keep the name it had then.
    ended_on = models.DateField(_("berakhir pada"), null=True, blank=True)
    # Kept by accounts/reorganisation.record_change in the change's transaction, so that "this unit and the ones
    # it carries on" is a list of ids on the row the request already has: no query, no recursive join.
    carries_on = models.JSONField(_("meneruskan OPD (id)"), default=list, blank=True, editable=False)
    succeeded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("dilanjutkan oleh"),
        help_text=_("Unit yang meneruskan tugasnya setelah berganti nama atau digabung (diisi oleh perubahan OPD)."),
    )

    objects = OPDQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self) -> str:
        return self.short_name

    @property
    def lineage_ids(self) -> list[int]:
        """This unit's id and those of every unit renamed or merged into it."""
        return [self.pk, *self.carries_on]

    def unit_on(self, day, opds: dict[int, "OPD"]) -> "OPD":
        """The unit that carries this one's work on `day`: itself, or the unit it was renamed or merged into
        by then (followed through `opds`, an in_bulk of every OPD, so no query is made)."""
        unit = self
        for _step in range(MAX_LINEAGE_DEPTH):
            if unit.succeeded_by_id is None or unit.ended_on is None or day is None or unit.ended_on > day:
                break
            unit = opds[unit.succeeded_by_id]
        return unit


class OPDChange(models.Model):
    """A reorganisation of OPDs (SOTK) on an effective date, by a decree: a rename, a merger or a split.

    The units before the change end on that date and stay, with every report made under their name; a
    rename or merger points them at the one unit that carries on (OPD.succeeded_by), which then reports
    their rows and sees their history. A split names several successors: the Pemda then assigns the rows."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("ganti nama")
        MERGE = "merge", _("penggabungan")
        SPLIT = "split", _("pemecahan")

    kind = models.CharField(_("jenis perubahan"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("berlaku mulai"))
    decree = models.CharField(_("dasar (peraturan/keputusan)"), max_length=300)
    notes = models.TextField(_("catatan"), blank=True)
    predecessors = models.ManyToManyField(OPD, related_name="changes_out", verbose_name=_("OPD sebelum perubahan"))
    successors = models.ManyToManyField(OPD, related_name="changes_in", verbose_name=_("OPD sesudah perubahan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("perubahan OPD")
        verbose_name_plural = _("perubahan OPD")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%Y-%m-%d}: {self.decree}"


class OrderedOPDLink(models.Model):
    """An OPD named for a row, in the order the Perbup names them (base of the *OPD link models)."""

    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.opd)


class ChangeArea(models.Model):
    """An area perubahan, numbered as in the Lampiran's Rencana Aksi table."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama area (Lampiran)"), max_length=300)
    name_inferred = models.TextField(_("alasan nama disimpulkan"), blank=True)
    program = models.CharField(_("program"), max_length=300, blank=True)
    program_inferred = models.TextField(_("alasan program disimpulkan"), blank=True)
    expected_result = models.TextField(_("hasil yang diharapkan"), blank=True)
    expected_result_target = models.TextField(_("target hasil yang diharapkan"), blank=True)
    notes = models.TextField(_("catatan transkripsi"), blank=True)
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "number"]
        verbose_name = _("area perubahan")
        verbose_name_plural = _("area perubahan")
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="area_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class FocusPriority(models.Model):
    """One of the four fokus/prioritas of section 3.2 (e.g. 1 Prioritas Pembinaan ...)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="focus_priorities")
    number = models.PositiveSmallIntegerField(_("nomor"))
    title = models.CharField(_("judul"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "number"]
        verbose_name = _("fokus prioritas")
        verbose_name_plural = _("fokus prioritas")
        constraints = [models.UniqueConstraint(fields=["roadmap", "number"], name="focus_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class FocusItem(models.Model):
    """An item of a focus priority as numbered in section 3.2, e.g. "1.a" or "3.e"."""

    priority = models.ForeignKey(FocusPriority, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("huruf"), max_length=5)
    title = models.CharField(_("judul"), max_length=300)
    heading_text = models.CharField(_("judul sebagaimana tertulis"), max_length=400, blank=True)
    opds = models.ManyToManyField(
        OPD,
        through="FocusItemOPD",
        blank=True,
        related_name="focus_items",
        verbose_name=_("OPD penanggung jawab"),
    )
    opd_source = models.TextField(_("sumber penunjukan OPD"), blank=True)
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["priority__number", "code"]
        verbose_name = _("butir fokus")
        verbose_name_plural = _("butir fokus")
        constraints = [models.UniqueConstraint(fields=["priority", "code"], name="focus_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.section_code} {self.title}"

    @property
    def section_code(self) -> str:
        return f"{self.priority.number}.{self.code}"


class QuickWin(models.Model):
    """A quick win exactly as one of the Perbup's lists states it."""

    class Source(models.TextChoices):
        SECTION_3_1_3_B = "3.1.3.B", _("Bagian 3.1.3.B")
        LAMPIRAN = "lampiran", _("Lampiran Rencana Aksi")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="quick_wins")
    source = models.CharField(_("daftar"), max_length=20, choices=Source.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))
    text = models.TextField(_("quick win"))
    criteria = models.TextField(_("kriteria keberhasilan"), blank=True)
    indicator = models.TextField(_("indikator"), blank=True)
    opds = models.ManyToManyField(
        OPD,
        through="QuickWinOPD",
        blank=True,
        related_name="quick_wins",
        verbose_name=_("penanggung jawab"),
    )
    source_line = models.PositiveIntegerField(_("baris sumber"), null=True, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["roadmap", "source", "number"]
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")
        constraints = [models.UniqueConstraint(fields=["roadmap", "source", "number"], name="quick_win_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class FocusItemOPD(OrderedOPDLink):
    """A responsible OPD of a focus item."""

    focus_item = models.ForeignKey(FocusItem, on_delete=models.CASCADE, related_name="opd_links")

    class Meta(OrderedOPDLink.Meta):
        verbose_name = _("OPD penanggung jawab")
        verbose_name_plural = _("OPD penanggung jawab")
        constraints = [models.UniqueConstraint(fields=["focus_item", "opd"], name="focus_item_opd_unique")]


class QuickWinOPD(OrderedOPDLink):
    """A responsible OPD of a quick win."""

    quick_win = models.ForeignKey(QuickWin, on_delete=models.CASCADE, related_name="opd_links")

    class Meta(OrderedOPDLink.Meta):
        verbose_name = _("OPD penanggung jawab")
        verbose_name_plural = _("OPD penanggung jawab")
        constraints = [models.UniqueConstraint(fields=["quick_win", "opd"], name="quick_win_opd_unique")]
