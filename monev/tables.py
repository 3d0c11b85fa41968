import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.formatting import status_badge, value_text
from monev.models import Realisation


class RealisationTable(tables.Table):
    """The verification queue: each report with how long it has waited and how many files it carries."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "input": {
                "name": "pilih",
                "class": "form-check-input",
                "aria-label": lambda record: _("Pilih: %(report)s") % {"report": record},
            },
            "th__input": {"data-select-all": "pilih", "class": "form-check-input", "aria-label": _("Pilih semua")},
        },
        exclude_from_export=True,
    )
    period = tables.Column(
        verbose_name=_("Periode"), accessor="period__short_label", order_by=("period__year", "period__semester")
    )
    opd = tables.Column(verbose_name=_("OPD"), accessor="opd__short_name")
    row = tables.Column(verbose_name=_("Kegiatan / indikator"), accessor="row_label", orderable=False, linkify=True)
    value = tables.Column(verbose_name=_("Realisasi"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    waiting = tables.Column(verbose_name=_("Menunggu (hari)"), accessor="submitted_at", empty_values=())
    evidence_count = tables.Column(verbose_name=_("Bukti"), empty_values=())
    updated_at = tables.Column(verbose_name=_("Diubah"))

    class Meta:
        model = Realisation
        fields = ("select", "period", "opd", "row", "value", "status", "waiting", "evidence_count", "updated_at")
        attrs = {"class": "table table-sm table-hover align-middle stack-on-phone"}
        order_by = ("-updated_at",)
        empty_text = _("Tidak ada laporan yang cocok dengan saringan ini.")

    def render_value(self, record):
        return value_text(record)

    def render_status(self, record):
        return status_badge(record.status, record.get_status_display())

    def render_waiting(self, record):
        days = record.waiting_days
        if days is None:
            return "—"
        css = "text-bg-danger" if days > 14 else "text-bg-warning" if days > 7 else "text-bg-light"
        return format_html('<span class="badge {}">{}</span>', css, days)

    def render_evidence_count(self, record):
        count = getattr(record, "evidence_count", 0)
        if not count:
            return format_html('<span class="badge text-bg-warning">{}</span>', _("tanpa bukti"))
        return count

    def render_updated_at(self, value):
        return date_format(localtime(value), "j M Y H.i")

    def value_value(self, record):
        return value_text(record)

    def value_status(self, record):
        return record.get_status_display()
