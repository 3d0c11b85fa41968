from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import decimal_text
from core.scopes import VersionedQuerySet
from roadmap.models import OPD, FocusItem, OrderedOPDLink, QuickWin


class Scale(models.Model):
    """An official ordinal scale that targets may be stated on (SAKIP, BPK opinion, SPIP ...)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("skala ordinal")
        verbose_name_plural = _("skala ordinal")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def has_bands(levels: list["ScaleLevel"]) -> bool:
        """Whether a value on this scale decides its level (Indeks RB, SAKIP, IKM, SPBE, IPP, IP ASN, SPIP)."""
        return any(level.has_band for level in levels)

    @staticmethod
    def level_for(value: Decimal, levels: list["ScaleLevel"]) -> "ScaleLevel | None":
        """The level whose band holds `value`. The regulations print edges to the precision they use
        (IP ASN "<= 60" | "61–70", IKM 88,30 | 88,31), but reported scores carry decimals: a value in a
        gap between two printed bands belongs to the lower one, as it has not reached the higher band's
        printed lower bound (60,5 is Sangat Rendah). So the bands have no holes; None only when the
        value lies outside the whole scale or the scale has no bands."""
        banded = [level for level in levels if level.has_band]
        for level in banded:
            if level.contains(value):
                return level
        below = [level for level in banded if level.upper_bound is not None and level.upper_bound < value]
        above = [level for level in banded if level.lower_bound is not None and level.lower_bound > value]
        if not below or not above:
            return None
        return max(below, key=lambda level: level.upper_bound)

    @staticmethod
    def upper_edge(level: "ScaleLevel", levels: list["ScaleLevel"]) -> "tuple[Decimal, bool] | None":
        """(edge, reached) of the values `level` covers once the gaps are closed (level_for): up to the
        next band's lower bound, exclusive (IP ASN Rendah "61–70" covers every value below 71), else its
        own printed upper bound. None when the band is open upwards."""
        if level.upper_bound is None:
            return None
        top = level.upper_bound
        following = [o for o in levels if o.has_band and o.lower_bound is not None and o.lower_bound >= top]
        if following:
            nearest = min(following, key=lambda other: other.lower_bound)
            if nearest.lower_bound > level.upper_bound:  # a gap: its values are this level's, the edge the next's
                return (nearest.lower_bound, not nearest.lower_inclusive)
        return (level.upper_bound, level.upper_inclusive)


class ScaleLevel(models.Model):
    """A level of a scale; a higher rank is a better level."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("kode"), max_length=20)
    label = models.CharField(_("sebutan"), max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(_("peringkat (lebih tinggi lebih baik)"))
    lower_bound = models.DecimalField(_("batas bawah"), max_digits=7, decimal_places=3, null=True, blank=True)
    lower_inclusive = models.BooleanField(_("batas bawah termasuk"), default=True)
    upper_bound = models.DecimalField(_("batas atas"), max_digits=7, decimal_places=3, null=True, blank=True)
    upper_inclusive = models.BooleanField(_("batas atas termasuk"), default=True)
    score = models.DecimalField(_("skor"), max_digits=6, decimal_places=3, null=True, blank=True)
    # WTP-DPP is a WTP opinion (SPKN 2017): it meets a WTP target, though the PMPRB worksheet scores it
    # apart (score 2,5). The rank stays its own, so the scale keeps one level per rank.
    counts_as = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("memenuhi target tingkat"),
        help_text=_("Tingkat yang dipenuhi tingkat ini bila menjadi target (WTP-DPP memenuhi target WTP)."),
    )
    counts_as_basis = models.CharField(_("dasar kesetaraan"), max_length=200, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["scale", "-rank"]
        verbose_name = _("tingkat skala")
        verbose_name_plural = _("tingkat skala")
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="scale_level_unique_code"),
            models.UniqueConstraint(fields=["scale", "rank"], name="scale_level_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.label})" if self.label else self.code

    @property
    def has_band(self) -> bool:
        return self.lower_bound is not None or self.upper_bound is not None

    def contains(self, value: Decimal) -> bool:
        low, high = self.lower_bound, self.upper_bound
        above_low = low is None or value > low or (value == low and self.lower_inclusive)
        below_high = high is None or value < high or (value == high and self.upper_inclusive)
        return self.has_band and above_low and below_high

    def band_text(self) -> str:
        """'>70–80', '≥4,5', '<1,8': the level's numeric band as the regulation prints it."""
        low, high = self.lower_bound, self.upper_bound
        if low is not None and high is not None:
            sign = "" if self.lower_inclusive else ">"
            high_sign = "" if self.upper_inclusive else "<"
            return f"{sign}{decimal_text(low)}–{high_sign}{decimal_text(high)}"
        if low is not None:
            return f"{'≥' if self.lower_inclusive else '>'}{decimal_text(low)}"
        if high is not None:
            return f"{'≤' if self.upper_inclusive else '<'}{decimal_text(high)}"
        return ""


class Direction(models.TextChoices):
    HIGHER = "higher", _("makin tinggi makin baik")
    LOWER = "lower", _("makin rendah makin baik")


class Periodicity(models.TextChoices):
    SEMESTER = "semester", _("semesteran")
    ANNUAL = "annual", _("tahunan")


class IndicatorQuerySet(VersionedQuerySet):
    def in_roadmap(self, roadmap_id: int) -> "IndicatorQuerySet":
        return self.filter(focus_item__priority__roadmap_id=roadmap_id)

    def for_opd(self, opd) -> "IndicatorQuerySet":
        """Indicators the OPD reports: named on the row, or, for rows naming none, on their section
        (the Perbup), or assigned to it as penanggung jawab data (the Pemda); as itself or as the unit a
        renamed or merged OPD became (accounts/reorganisation.py)."""
        units = opd.lineage_ids  # and the rows of units renamed or merged into it
        perbup = models.Q(opd_links__opd__in=units) | models.Q(
            opd_links__isnull=True, focus_item__opd_links__opd__in=units
        )
        assigned = models.Q(pk__in=ReportingAssignment.objects.filter(opd__in=units).values("indicator_id"))
        return self.filter(perbup | assigned).distinct()

    def with_targets(self) -> "IndicatorQuerySet":
        return self.select_related("focus_item__priority", "scale").prefetch_related(
            "targets__level", "opd_links__opd", "focus_item__opd_links__opd", "assignments__opd"
        )


class Indicator(models.Model):
    """A sasaran -> indikator row of section 3.2, with one target slot per roadmap year."""

    INDEKS_RB = "indeks-rb"  # the row the PMPRB's Indeks RB is compared with

    focus_item = models.ForeignKey(FocusItem, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("urutan"))
    subheading = models.CharField(_("sub-judul"), max_length=300, blank=True)
    sasaran = models.TextField(_("sasaran"))
    name = models.TextField(_("indikator"))
    # NULL for most rows: a stable key only where code must find the row (not Perbup text). Each
    # roadmap has its own row with a key, so the key repeats across roadmaps.
    key = models.SlugField(  # noqa: DJ001
        _("kunci"), max_length=40, null=True, blank=True, help_text=_("Kunci tetap untuk kode.")
    )
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators", verbose_name=_("skala")
    )
    unit = models.CharField(_("satuan"), max_length=30, blank=True)
    direction = models.CharField(_("arah"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    periodicity = models.CharField(
        _("periode hasil"),
        max_length=10,
        choices=Periodicity.choices,
        default=Periodicity.SEMESTER,
        help_text=_("Tahunan: hasilnya terbit sekali setahun (sering pada tahun berikutnya)."),
    )
    periodicity_note = models.TextField(_("alasan periode hasil"), blank=True)
    # The Pemda's decision, not the Perbup's: one figure for the whole Kabupaten (Indeks Kesehatan) that
    # the Perbup names several OPDs for. One verified report of it decides the row; the others share it.
    regency_wide = models.BooleanField(
        _("angka tingkat kabupaten (ditetapkan Pemda)"),
        default=False,
        help_text=_(
            "Satu angka untuk seluruh Kabupaten: satu laporan terverifikasi menentukan baris ini; OPD lain "
            "yang disebut Perbup turut bertanggung jawab, bukan kurang lapor."
        ),
    )
    regency_wide_reason = models.TextField(_("alasan angka tingkat kabupaten"), blank=True)
    opds = models.ManyToManyField(
        OPD, through="IndicatorOPD", blank=True, related_name="indicators", verbose_name=_("OPD disebut di baris")
    )
    notes = models.TextField(_("catatan transkripsi"), blank=True)
    source_line = models.PositiveIntegerField(_("baris sumber"))

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["focus_item__priority__number", "focus_item__code", "order"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(fields=["focus_item", "order"], name="indicator_unique_order"),
            models.CheckConstraint(
                condition=models.Q(regency_wide=False) | ~models.Q(regency_wide_reason=""),
                name="indicator_regency_wide_has_reason",
                violation_error_message=_("Angka tingkat kabupaten adalah keputusan Pemda: tuliskan alasannya."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.focus_item.section_code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:indicators_indicator_change", args=[self.pk])

    def perbup_opds(self) -> list[OPD]:
        """OPDs the Perbup names on the row itself, else those named for its section."""
        links = self.opd_links.all() or self.focus_item.opd_links.all()
        return [link.opd for link in links]

    def assigned_opds(self) -> list[OPD]:
        """OPDs the Pemda assigned as penanggung jawab data (not the Perbup's), minus the Perbup's own."""
        named = {opd.pk for opd in self.perbup_opds()}
        return [link.opd for link in self.assignments.all() if link.opd_id not in named]

    def responsible_opds(self) -> list[OPD]:
        """Every OPD that reports the row: the Perbup's, then the Pemda's assignments."""
        return self.perbup_opds() + self.assigned_opds()

    @property
    def is_annual(self) -> bool:
        return self.periodicity == Periodicity.ANNUAL

    @property
    def unit_label(self) -> str:
        """What a value of the indicator is counted in: its unit ('%', 'OPD') or its scale's name."""
        return self.unit or (self.scale.name if self.scale_id else "")


class IndicatorOPD(OrderedOPDLink):
    """An OPD named in the indicator's own text."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="opd_links")

    class Meta(OrderedOPDLink.Meta):
        verbose_name = _("OPD indikator")
        verbose_name_plural = _("OPD indikator")
        constraints = [models.UniqueConstraint(fields=["indicator", "opd"], name="indicator_opd_unique")]


class Target(models.Model):
    """The Perbup's target of an indicator for one year: raw text beside its parsed meaning."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    # NULL is an empty cell in the Perbup; "" would claim it printed an empty string.
    raw_text = models.CharField(_("teks Perbup"), max_length=200, null=True, blank=True)  # noqa: DJ001
    value = models.DecimalField(_("nilai"), max_digits=12, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=30, blank=True)
    level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tingkat")
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("target")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_unique_year",
                violation_error_message=_("Indikator ini sudah punya target untuk tahun tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.raw_text or '—'}"

    @property
    def level_rank(self) -> int | None:
        return self.level.rank if self.level_id else None

    @property
    def band_conflict(self) -> ScaleLevel | None:
        """The level the number's band gives where the Perbup printed another ("68 (BB)": B), else None."""
        if self.value is None or self.level_id is None or not self.level.has_band or self.level.contains(self.value):
            return None
        return Scale.level_for(self.value, list(self.level.scale.levels.all()))


class ReportingAssignment(OrderedOPDLink):
    """A penanggung jawab data: an OPD the Pemda (not the Perbup) charges with reporting an indicator.

    Kept apart from IndicatorOPD, which holds only what the Perbup prints, so every page and the open
    data can say which reporter is the Pemda's decision."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")
    quick_win = models.ForeignKey(
        QuickWin,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("baris quick win Lampiran"),
        help_text=_("Bila indikator mengukur quick win Lampiran, OPD-nya diambil dari baris itu."),
    )
    reason = models.TextField(_("alasan penetapan"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    changed_at = models.DateTimeField(_("diubah pada"), default=timezone.now)

    class Meta(OrderedOPDLink.Meta):
        verbose_name = _("penanggung jawab data (ditetapkan Pemda)")
        verbose_name_plural = _("penanggung jawab data (ditetapkan Pemda)")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "opd"],
                name="reporting_assignment_unique",
                violation_error_message=_("OPD ini sudah menjadi penanggung jawab data indikator tersebut."),
            )
        ]


class AssignmentChange(models.Model):
    """One entry of the assignments' history: who added, changed or removed a reporter, when and why."""

    class Action(models.TextChoices):
        SEEDED = "seeded", _("ditetapkan awal (fixture)")
        ADDED = "added", _("ditambahkan")
        CHANGED = "changed", _("diubah")
        REMOVED = "removed", _("dihapus")
        IMPORTED = "imported", _("dimuat dari buku kerja road map")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignment_changes")
    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD"))
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("riwayat penanggung jawab data")
        verbose_name_plural = _("riwayat penanggung jawab data")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.opd} — {self.indicator_id}"
