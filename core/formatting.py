"""The one formatter of values: numbers as Indonesian text, a report's value, the status badges.

Templates use them through template filters, tables and exports call them directly; doing it in
Python, not in a partial template, keeps long tables fast."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import format_html

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


def decimal_text(value: Decimal | int | float) -> str:
    """Decimal('100.500') -> '100,5'; never scientific notation."""
    normalised = Decimal(str(value)).normalize()
    text = format(normalised, "f")
    return text.replace(".", ",")


def rounded(value: Decimal | int | float | None, places: int = 2) -> Decimal | None:
    """The one rounding rule of every shown score: half up (5,425 -> 5,43), on screen, in the PDF and the Excel."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def score_text(value: Decimal | int | float | None, places: int = 2) -> str:
    """'71,41' for a score rounded by `rounded`; '—' when unknown."""
    if value is None:
        return "—"
    return number_format(rounded(value, places), places, force_grouping=True)
