from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roadmap.models import OPD, FocusItem, OrderedOPDLink


class Scale(models.Model):
    """An official ordinal scale that targets may be stated on (SAKIP, BPK opinion, SPIP ...)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skala ordinal")
        verbose_name_plural = _("skala ordinal")

    def __str__(self) -> str:
        return self.name


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


class Direction(models.TextChoices):
    HIGHER = "higher", _("makin tinggi makin baik")
    LOWER = "lower", _("makin rendah makin baik")


class IndicatorQuerySet(models.QuerySet):
    def in_roadmap(self, roadmap_id: int) -> "IndicatorQuerySet":
        return self.filter(focus_item__priority__roadmap_id=roadmap_id)

    def for_opd(self, opd) -> "IndicatorQuerySet":
        """Indicators naming the OPD on the row, or, for rows naming none, on their section."""
        return self.filter(
            models.Q(opd_links__opd=opd) | models.Q(opd_links__isnull=True, focus_item__opd_links__opd=opd)
        ).distinct()

    def with_targets(self) -> "IndicatorQuerySet":
        return self.select_related("focus_item__priority", "scale").prefetch_related(
            "targets__level", "opd_links__opd", "focus_item__opd_links__opd"
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
        constraints = [models.UniqueConstraint(fields=["focus_item", "order"], name="indicator_unique_order")]

    def __str__(self) -> str:
        return f"{self.focus_item.section_code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:indicators_indicator_change", args=[self.pk])

    def responsible_opds(self) -> list[OPD]:
        """OPDs named on the row itself, else those named for its section."""
        links = self.opd_links.all() or self.focus_item.opd_links.all()
        return [link.opd for link in links]


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
