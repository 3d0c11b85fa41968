import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from monev.models import Realisation


class RealisationTable(tables.Table):
    period = tables.Column(
        verbose_name=_("Periode"), accessor="period__short_label", order_by=("period__year", "period__semester")
    )
    opd = tables.Column(verbose_name=_("OPD"), accessor="opd__short_name")
    row = tables.Column(verbose_name=_("Kegiatan / indikator"), accessor="row_label", orderable=False, linkify=True)
    value = tables.Column(verbose_name=_("Realisasi"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Diubah"), format="j M Y H.i")

    class Meta:
        model = Realisation
        fields = ("period", "opd", "row", "value", "status", "updated_at")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-updated_at",)

    def render_value(self, record):
        return render_to_string("monev/_value.html", {"r": record}).strip()

    def render_status(self, record):
        return render_to_string(
            "monev/_status_badge.html", {"status": record.status, "label": record.get_status_display()}
        )

    def value_value(self, record):
        return render_to_string("monev/_value.html", {"r": record}).strip()

    def value_status(self, record):
        return record.get_status_display()
