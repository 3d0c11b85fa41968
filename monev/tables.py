import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.formatting import status_badge, value_text
from monev.models import Realisation


class RealisationTable(tables.Table):
    period = tables.Column(
        verbose_name=_("Periode"), accessor="period__short_label", order_by=("period__year", "period__semester")
    )
    opd = tables.Column(verbose_name=_("OPD"), accessor="opd__short_name")
    row = tables.Column(verbose_name=_("Kegiatan / indikator"), accessor="row_label", orderable=False, linkify=True)
    value = tables.Column(verbose_name=_("Realisasi"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    updated_at = tables.Column(verbose_name=_("Diubah"))

    class Meta:
        model = Realisation
        fields = ("period", "opd", "row", "value", "status", "updated_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-updated_at",)

    def render_value(self, record):
        return value_text(record)

    def render_status(self, record):
        return status_badge(record.status, record.get_status_display())

    def render_updated_at(self, value):
        return date_format(localtime(value), "j M Y H.i")

    def value_value(self, record):
        return value_text(record)

    def value_status(self, record):
        return record.get_status_display()
