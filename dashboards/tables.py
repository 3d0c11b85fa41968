import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import achievement_badge, band_note, capaian_text, decimal_text, predikat_badge, value_text
from dashboards.formatting import realised_html
from monev.choices import Status


def opd_names(record) -> str:
    """'BKPPD', 'BKD*, Inspektorat*' (* the Pemda's assignment); on a regency-wide figure one report
    decides, and the other OPDs are marked as sharing it."""
    sharing = {opd.pk for opd in getattr(record, "co_responsible", [])}
    names = [
        f"{part.opd.short_name}{'*' if part.assigned else ''}"
        + (f" ({_('turut bertanggung jawab')})" if part.opd.pk in sharing else "")
        for part in record.parts
    ]
    return ", ".join(names) or "—"


class RowColumns:
    """The reference and name of an indicator or kegiatan row, as every row table shows them."""

    def render_reference(self, record):
        return record.row.reference if record.kind == "kegiatan" else record.row.focus_item.section_code

    def render_name(self, record):
        if record.kind == "kegiatan":
            return record.row.kegiatan or record.row.output_target
        url = reverse("dashboards:indicator", args=[record.row.pk])
        return format_html('<a href="{}">{}</a>', url, record.row.name)

    def value_name(self, record):
        return record.row.kegiatan if record.kind == "kegiatan" else record.row.name


class RowResultTable(RowColumns, tables.Table):
    """A dashboard row (monev.dashboard.RowResult): target vs realisation with status."""

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
        if record.kind == "kegiatan":
            planned = decimal_text(record.planned) if record.planned is not None else "—"
            return f"{record.row.output_target} ({_('rencana progres')} {planned}%)"
        target = record.target
        return target.raw_text if target and target.raw_text else "—"

    def render_target(self, record):
        text = self.value_target(record)
        target = record.target
        note = band_note(target.value, target.level, target.band_conflict) if target is not None else ""
        if note:
            return format_html('{}<div class="small text-warning-emphasis">{}</div>', text, note)
        return text

    def render_capaian(self, record):
        return capaian_text(record.capaian)

    def render_predikat(self, record):
        judgement = record.judgement
        return predikat_badge(judgement.predikat, judgement.predikat_label) if judgement else "—"

    def value_predikat(self, record):
        return record.predikat_label or "—"

    def render_realised(self, record):
        return realised_html(record)

    def value_realised(self, record):
        texts = []
        for realisation in record.realisations:
            text = value_text(realisation)
            if realisation.status != Status.VERIFIED:
                text += f" ({_('belum diverifikasi')})"
            texts.append(text)
        return "; ".join(texts)

    def render_status(self, record):
        return achievement_badge(record.status, record.get_status_label())

    def value_status(self, record):
        return record.get_status_label()

    def render_opds(self, record):
        return opd_names(record)

    def render_reason(self, record):
        return record.reason or "—"

    def render_obstacles(self, record):
        return "; ".join(record.obstacles) or "—"


class CompletenessTable(tables.Table):
    """Reports expected, submitted and verified per OPD in a period (monev.dashboard.Completeness)."""

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
    """Rekap tahunan (dashboards.annual.RecapRow): the year's verified result against the Perbup target."""

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

    def render_opds(self, record):
        return opd_names(record)

    def value_target(self, record):
        if record.kind == "kegiatan":
            return f"{record.row.output_target} ({_('rencana akhir tahun')} {decimal_text(record.planned)}%)"
        return record.target.raw_text if record.target and record.target.raw_text else "—"

    def render_target(self, record):
        text = self.value_target(record)
        target = record.target
        note = band_note(target.value, target.level, target.band_conflict) if target is not None else ""
        return format_html('{}<div class="small text-warning-emphasis">{}</div>', text, note) if note else text

    def render_realised(self, record):
        texts = []
        for part in record.parts:
            if part.report is None:
                continue
            opd = (
                f" ({part.opd.short_name}, {part.period_label})" if len(record.parts) > 1 else f" ({part.period_label})"
            )
            texts.append(value_text(part.report).removesuffix(f" (data {part.report.data_year})") + opd)
        return "; ".join(texts) or "—"

    def render_data_year(self, record):
        return str(record.data_year) if record.data_year else "—"

    def render_capaian(self, record):
        return capaian_text(record.capaian)

    def render_predikat(self, record):
        return predikat_badge(record.predikat, record.predikat_label)

    def value_predikat(self, record):
        return record.predikat_label or "—"

    def render_status(self, record):
        return achievement_badge(record.status, record.get_status_label())

    def value_status(self, record):
        return record.get_status_label()

    def render_reason(self, record):
        return record.reason or "—"
