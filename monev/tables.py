from types import SimpleNamespace

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from actionplan.models import Activity
from core.formatting import status_badge, value_text
from indicators.models import ScaleLevel
from monev.choices import Status
from monev.models import Period, Realisation


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


EXPORT_FIELDS = (
    "period__year",
    "period__semester",
    "opd__short_name",
    "activity__area__number",
    "activity__subprogram_no",
    "activity__letter",
    "activity__continuation",
    "activity__kegiatan",
    "indicator__focus_item__priority__number",
    "indicator__focus_item__code",
    "indicator__name",
    "indicator__unit",
    "value",
    "level_id",
    "progress",
    "status",
    "submitted_at",
    "evidence_count",
    "updated_at",
)


def export_values(realisations) -> tuple[list[str], list[list]]:
    """(headers, rows) of the queue's export: the table's columns but the selection box, from one .values()
    query (thousands of rows at a time). `realisations` carries `evidence_count` (with_evidence_count)."""
    levels = ScaleLevel.objects.in_bulk()
    rows = []
    for row in realisations.order_by("-updated_at").values(*EXPORT_FIELDS):
        if row["activity__area__number"] is not None:
            label = Activity.format_reference(
                row["activity__area__number"],
                row["activity__subprogram_no"],
                row["activity__letter"],
                row["activity__continuation"],
            )
            label = f"{label} {row['activity__kegiatan']}"
        else:
            label = (
                f"{row['indicator__focus_item__priority__number']}.{row['indicator__focus_item__code']} "
                f"{row['indicator__name']}"
            )
        value = value_text(
            SimpleNamespace(
                level=levels.get(row["level_id"]),
                value=row["value"],
                progress=row["progress"],
                unit=row["indicator__unit"] or "",
            )
        )
        period = Period.format_short_label(row["period__year"], row["period__semester"])
        waiting = Realisation(status=row["status"], submitted_at=row["submitted_at"]).waiting_days
        rows.append(
            [
                period,
                row["opd__short_name"],
                label,
                value,
                str(Status(row["status"]).label),
                waiting,
                row["evidence_count"],
                localtime(row["updated_at"]).strftime("%d-%m-%Y %H.%M"),
            ]
        )
    headers = [str(column.header) for column in RealisationTable(data=[], exclude=("select",)).columns]
    return headers, rows
