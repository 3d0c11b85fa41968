"""The charts of the evaluation pages and report, drawn by core.charts."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core import charts
from core.formatting import decimal_text, score_text
from pmprb.summary import Summary


def area_chart(summary: Summary) -> SafeString:
    bars = [
        charts.Bar(
            f"{row.number}. {row.name}",
            float(row.percent),
            f"{score_text(row.value)} / {decimal_text(row.weight)}",
        )
        for row in summary.rows
        if row.percent is not None and row.weight is not None
    ]
    return charts.bar_chart(bars, _("Nilai per area pengungkit (persen dari bobot)"))
