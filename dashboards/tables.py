import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import achievement_badge, decimal_text, predikat_badge, rounded
from core.spreadsheets import NumberCell, plain_number_format
from dashboards.formatting import realised_html
from monev.choices import RowKind, Status

CAPAIAN_FORMAT = "#,##0.00"  # two decimals, as printed: the predikat is classified on the printed capaian


def opd_names(record) -> str:
    """'BKPPD', 'BKD*, Inspektorat*' (* the Pemda's assignment); on a regency-wide figure one report
    decides, and the other OPDs are marked as sharing it."""
    sharing = {opd.pk for opd in record.co_responsible}
    names = [
        f"{part.opd.short_name}{'*' if part.assigned else ''}"
        + (f" ({_('turut bertanggung jawab')})" if part.opd.pk in sharing else "")
        for part in record.parts
    ]
    return ", ".join(names) or "—"


def number_cell(number, text: str, suffix: str = ""):
    """An exported cell: the number in a workbook where the printed text is that number, else the text."""
    if number is None:
        return text
    return NumberCell(number, text, plain_number_format(number, suffix))


class RowColumns:
    """The columns every table of dashboards.results.RowResult shows alike: the row's reference and name,
    its capaian, predikat, status and reason. Exports write the capaian as a number."""

    def render_reference(self, record):
        return record.row.reference if record.kind == RowKind.KEGIATAN else record.row.focus_item.section_code

    def render_name(self, record):
        if record.kind == RowKind.KEGIATAN:
            return record.row.kegiatan or record.row.output_target
        url = reverse("dashboards:indicator", args=[record.row.pk])
        return format_html('<a href="{}">{}</a>', url, record.row.name)

    def value_name(self, record):
        return record.row.kegiatan if record.kind == RowKind.KEGIATAN else record.row.name

    def render_target(self, record):
        text = self.value_target(record)
        text = text.text if isinstance(text, NumberCell) else text
        note = record.band_note
        return format_html('{}<div class="small text-warning-emphasis">{}</div>', text, note) if note else text

    def value_target(self, record):
        """The Perbup's text; a number in a workbook where the text is just the number ('70', '54%')."""
        text, target = record.target_text, record.target
        if target is None or target.value is None or target.level is not None:
            return text
        bare = text.strip()
        suffix = "%" if bare.endswith("%") else ""
        if bare.removesuffix("%").strip() != decimal_text(target.value):
            return text
        return number_cell(target.value, text, suffix)

    def render_capaian(self, record):
        return record.capaian_text

    def value_capaian(self, record):
        capaian = rounded(record.capaian)
        return NumberCell(capaian, record.capaian_text, CAPAIAN_FORMAT) if capaian is not None else record.capaian_text

    def render_predikat(self, record):
        return predikat_badge(record.predikat, record.predikat_label)

    def value_predikat(self, record):
        return record.predikat_text

    def render_status(self, record):
        return achievement_badge(record.status, record.get_status_label())

    def value_status(self, record):
        return record.get_status_label()

    def render_opds(self, record):
        return opd_names(record)

    def render_reason(self, record):
        return record.reason or "—"


class RowResultTable(RowColumns, tables.Table):
    """A period's rows (dashboards.results.RowResult): target vs realisation with status."""

    reference = tables.Column(verbose_name=_("Ref."), empty_values=(), orderable=False)
    name = tables.Column(verbose_name=_("Kegiatan / indikator"), empty_values=(), orderable=False)
    target = tables.Column(verbose_name=_("Target"), empty_values=(), orderable=False)
    realised = tables.Column(verbose_name=_("Realisasi"), empty_values=(), orderable=False)
    capaian = tables.Column(verbose_name=_("Capaian (%)"), empty_values=(), orderable=False)
    predikat = tables.Column(verbose_name=_("Predikat"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)
    reason = tables.Column(verbose_name=_("Catatan"), empty_values=(), orderable=False)
    opds = tables.Column(verbose_name=_("OPD (* ditetapkan Pemda)"), empty_values=(), orderable=False)
    obstacles = tables.Column(verbose_name=_("Kendala"), empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle stack-on-phone"}
        per_page = 50

    def value_target(self, record):
        if record.kind == RowKind.KEGIATAN:  # this page's words for the semester plan ("rencana progres")
            planned = decimal_text(record.planned) if record.planned is not None else "—"
            return f"{record.row.output_target} ({_('rencana progres')} {planned}%)"
        return super().value_target(record)

    def render_realised(self, record):
        return realised_html(record)

    def value_realised(self, record):
        """The values as the report prints them ('' without any); one verified number as a number."""
        if not record.values:
            return ""
        reports = record.realisations
        report = reports[0]
        if len(reports) > 1 or report.status != Status.VERIFIED or report.level is not None or report.data_year:
            return record.values_text
        if report.value is not None and report.progress is None:
            return number_cell(report.value, record.values_text, f" {report.unit}" if report.unit else "")
        if report.progress is not None and report.value is None:
            return number_cell(report.progress, record.values_text, " %")
        return record.values_text

    def render_obstacles(self, record):
        return "; ".join(record.obstacles) or "—"


class CompletenessTable(tables.Table):
    """Reports expected, submitted and verified per OPD in a period (dashboards.results.Completeness)."""

    opd = tables.Column(verbose_name=_("OPD"), accessor="opd__name", orderable=False)
    expected = tables.Column(verbose_name=_("Diharapkan"), orderable=False)
    missing = tables.Column(verbose_name=_("Belum diajukan"), orderable=False)
    submitted = tables.Column(verbose_name=_("Diajukan"), orderable=False)
    verified = tables.Column(verbose_name=_("Diverifikasi"), orderable=False)
    late = tables.Column(verbose_name=_("Keterangan"), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle stack-on-phone"}
        per_page = 50

    def render_late(self, value):
        return _("terlambat") if value else ""


class AnnualRecapTable(RowColumns, tables.Table):
    """Rekap tahunan (dashboards.annual.annual_recap's RowResult): the year's verified result against the
    Perbup target."""

    reference = tables.Column(verbose_name=_("Ref."), empty_values=(), orderable=False)
    name = tables.Column(verbose_name=_("Indikator / kegiatan"), empty_values=(), orderable=False)
    opds = tables.Column(verbose_name=_("OPD (* ditetapkan Pemda)"), empty_values=(), orderable=False)
    target = tables.Column(verbose_name=_("Target Perbup"), empty_values=(), orderable=False)
    realised = tables.Column(verbose_name=_("Realisasi terverifikasi"), empty_values=(), orderable=False)
    data_year = tables.Column(verbose_name=_("Tahun data"), empty_values=(), orderable=False)
    capaian = tables.Column(verbose_name=_("Capaian (%)"), empty_values=(), orderable=False)
    predikat = tables.Column(verbose_name=_("Predikat"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)
    reason = tables.Column(verbose_name=_("Catatan"), empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle stack-on-phone"}
        per_page = 200

    def render_realised(self, record):
        return record.values_text

    def render_data_year(self, record):
        return record.data_year_text

    def value_data_year(self, record):
        year = record.data_year
        return NumberCell(year, record.data_year_text, "0") if year is not None else record.data_year_text
