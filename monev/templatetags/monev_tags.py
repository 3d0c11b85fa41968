"""Template filters over monev.formatting: a report's value, status badges, a row's reported values."""

from django import template

from monev import formatting
from monev.choices import NOT_STARTED_LABEL

register = template.Library()


@register.filter
def report_value(report) -> str:
    return formatting.value_text(report)


@register.filter
def report_status(report) -> str:
    if report is None:
        return formatting.status_badge("not_started", str(NOT_STARTED_LABEL))
    return formatting.status_badge(report.status, report.get_status_display())


@register.filter
def achievement(result) -> str:
    return formatting.achievement_badge(result.status, result.get_status_label())


@register.filter
def realised(result) -> str:
    return formatting.realised_html(result)


@register.filter
def opd_reports(parts) -> str:
    return formatting.opd_reports_html(parts)
