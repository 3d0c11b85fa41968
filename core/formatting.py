"""The one formatter of values: numbers as Indonesian text, a report's value, the status badges.

Templates use them through template filters, tables and exports call them directly; doing it in
Python, not in a partial template, keeps long tables fast."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
    "unjudgeable": ("status-returned", "?"),
    "no_target": ("status-empty", "–"),
    "awaiting": ("status-submitted", "⧗"),
}
PREDIKAT_CSS = {
    "sangat_tinggi": "ach-met",
    "tinggi": "ach-met",
    "sedang": "ach-nearly",
    "rendah": "ach-not-met",
    "sangat_rendah": "ach-not-met",
}


def number_text(value: Decimal | int | float | None, places: int = 2) -> str:
    """Decimal('24.00') -> '24', Decimal('24.50') -> '24,5', 1234.5 -> '1.234,5': rounded half up to at most
    `places` decimals, with no needless zeros; '—' when unknown."""
    if value is None:
        return "—"
    number = rounded(value, places).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    shown = max(0, -number.as_tuple().exponent)
    return number_format(number, shown, force_grouping=True)


def quantity_text(value: Decimal | int | float | None, unit: str = "") -> str:
    """A number with its unit: '24,5 %', '3 OPD', '3,4' (no unit); '—' when unknown."""
    if value is None:
        return "—"
    return f"{number_text(value)} {unit}" if unit else number_text(value)


def value_text(report) -> str:
    """'BB · 79', '61 %', 'progres 80 %', 'WTP (data 2022)' or '—' for a report (model or light view)."""
    parts = []
    if report.level is not None:
        parts.append(str(report.level))
    if report.value is not None:
        number = reported_number(report.value)
        parts.append(f"{number} {report.unit}" if report.unit else number)
    if report.progress is not None:
        progress = quantity_text(report.progress, "%")
        parts.append(f"progres {progress}" if parts else progress)
    text = " · ".join(parts) or "—"
    data_year = getattr(report, "data_year", None)
    return f"{text} (data {data_year})" if data_year and parts else text


CAPAIAN_PLACES = 2  # LKjIP practice; the predikat is classified on this printed value (indicators.achievement)


def capaian_text(capaian: Decimal | None) -> str:
    """Decimal('90.966') -> '90,97 %' (always two decimals); '—' where a capaian has no meaning (levels,
    zero targets)."""
    if capaian is None:
        return "—"
    return f"{score_text(capaian, CAPAIAN_PLACES)} %"


def predikat_badge(code: str | None, label: str) -> str:
    """The Permendagri 86/2017 predikat of a capaian as a coloured badge, or '—'."""
    if not code:
        return "—"
    return format_html('<span class="badge status {}">{}</span>', PREDIKAT_CSS.get(code, "status-empty"), label)


def capaian_html(judgement) -> str:
    """'96,8 % Sangat Tinggi' of a indicators.achievement.Judgement (or '—')."""
    if judgement is None or judgement.capaian is None:
        return "—"
    return format_html(
        "{} {}", capaian_text(judgement.capaian), predikat_badge(judgement.predikat, judgement.predikat_label)
    )


def band_note(value: Decimal | None, printed, band) -> str:
    """Beside a Perbup target whose number falls in another band than the level it prints ('68 (BB)')."""
    if value is None or printed is None or band is None or printed == band:
        return ""
    text = _(
        "Menurut rentang resmi, %(value)s termasuk %(band)s (%(range)s), bukan %(printed)s; "
        "status dinilai dari angkanya."
    )
    return text % {"value": decimal_text(value), "band": band.code, "range": band.band_text(), "printed": printed.code}


def reported_number(value: Decimal) -> str:
    """A reported value with every decimal it was given ('75,995', '61', '82,62'): a realisation is
    evidence, never rounded for display (two places would cut 75,995 to 75,99)."""
    places = max(0, -Decimal(value).normalize().as_tuple().exponent)
    return number_format(value, places)


def status_badge(status: str, label: str) -> str:
    css, symbol = STATUS_SYMBOLS.get(status, ("status-empty", "○"))
    return format_html('<span class="badge status {}">{} {}</span>', css, symbol, label)


def achievement_badge(status: str, label: str) -> str:
    css, symbol = ACHIEVEMENT_SYMBOLS.get(status, ("status-empty", "?"))
    return format_html('<span class="badge status {}">{} {}</span>', css, symbol, label)


def count_text(number: int) -> str:
    """4000 -> '4.000': a whole number with the Indonesian thousands separator."""
    return f"{number:,}".replace(",", ".")


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
