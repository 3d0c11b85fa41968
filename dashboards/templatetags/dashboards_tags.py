"""Template filters of the dashboards: a row's status badge and its reported values."""

from django import template
from django.utils.html import format_html

from core.formatting import achievement_badge, band_note, capaian_html
from dashboards import formatting
from indicators.achievement import Achievement

register = template.Library()


@register.filter
def achievement(result) -> str:
    return achievement_badge(result.status, result.get_status_label())


@register.filter
def realised(result) -> str:
    return formatting.realised_html(result)


@register.filter
def opd_reports(parts) -> str:
    return formatting.opd_reports_html(parts)


@register.filter
def capaian(result) -> str:
    """'96,8 % Sangat Tinggi' of a row result (or of a Judgement), '—' without a ratio."""
    return capaian_html(getattr(result, "judgement", result))


@register.filter
def target_note(target) -> str:
    """The official band beside a Perbup target whose number lies in another band than its printed level."""
    if target is None:
        return ""
    return band_note(target.value, target.level, target.band_conflict)


@register.filter
def achievement_status(status: str) -> str:
    """The badge of a bare status value."""
    return achievement_badge(status, str(Achievement(status).label))


@register.filter
def reason(result) -> str:
    """Why a row (or a Judgement) has its status, as a small line under the status; '' without one."""
    text = getattr(result, "reason", None)
    if text is None:
        text = getattr(result, "note", "") or ""
    return format_html('<div class="small text-muted judgement-reason">{}</div>', text) if text else ""
