"""Template filters of the dashboards: a row's status badge and its reported values."""

from django import template

from core.formatting import achievement_badge
from dashboards import formatting

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
