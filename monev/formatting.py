"""The one place that writes a report's value and the status badges, as text or HTML.

Templates use them through the filters in monev/templatetags/monev_tags.py, tables and exports call
them directly; doing it in Python, not in a partial template, keeps long tables fast."""

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from monev.choices import Status

STATUS_SYMBOLS = {
    "verified": ("status-verified", "✔"),
    "submitted": ("status-submitted", "➜"),
    "awaiting_approval": ("status-submitted", "⧗"),
    "returned": ("status-returned", "↩"),
    "draft": ("status-draft", "✎"),
}
ACHIEVEMENT_SYMBOLS = {
    "met": ("ach-met", "▲"),
    "nearly": ("ach-nearly", "◆"),
    "not_met": ("ach-not-met", "▼"),
    "no_target": ("status-empty", "–"),
}


def value_text(report) -> str:
    """'BB · 79', '61 %', '80%' or '—' for a report (model or light view)."""
    parts = []
    if report.level is not None:
        parts.append(str(report.level))
    if report.value is not None:
        number = _trim(number_format(report.value, 2))
        parts.append(f"{number} {report.unit}" if report.unit else number)
    if report.progress is not None:
        parts.append(f"{_trim(number_format(report.progress, 2))}%")
    return " · ".join(parts) or "—"


def _trim(number: str) -> str:
    return number[:-3] if number.endswith(",00") else number


def status_badge(status: str, label: str) -> str:
    css, symbol = STATUS_SYMBOLS.get(status, ("status-empty", "○"))
    return format_html('<span class="badge status {}">{} {}</span>', css, symbol, label)


def achievement_badge(status: str, label: str) -> str:
    css, symbol = ACHIEVEMENT_SYMBOLS.get(status, ("status-empty", "?"))
    return format_html('<span class="badge status {}">{} {}</span>', css, symbol, label)


def realised_html(result) -> str:
    """The reported values of a row's parts, unverified ones marked."""
    items = []
    for report in result.realisations:
        css = mark_safe("" if report.status == Status.VERIFIED else ' class="unverified"')  # noqa: S308 - constant
        opd = (
            format_html(' <span class="text-muted small">({})</span>', report.opd.short_name)
            if len(result.parts) > 1
            else ""
        )
        items.append(format_html("<div{}>{}{}</div>", css, value_text(report), opd))
    return mark_safe("".join(items)) if items else "—"  # noqa: S308 - every item is format_html output


def opd_reports_html(parts) -> str:
    """Each responsible OPD's report on a row with its evidence count, or 'belum diisi'.

    `parts` are a RowResult's parts whose reports carry `evidence_count`, as on the area dashboard.
    """
    evidence_word, not_filled = gettext("bukti"), gettext("belum diisi")
    lines = []
    for part in parts:
        report = part.realisation
        if report is None:
            lines.append((part.opd.short_name, format_html('<span class="text-muted">{}</span>', not_filled)))
            continue
        css = mark_safe("" if report.status == Status.VERIFIED else ' class="unverified"')  # noqa: S308 - constant
        link = format_html('<a href="{}"{}>{}</a> · {} {}', report.get_absolute_url(), css, value_text(report),
                           report.evidence_count, evidence_word)  # fmt: skip
        lines.append((part.opd.short_name, link))
    return format_html_join("", "<div>{}: {}</div>", lines)
