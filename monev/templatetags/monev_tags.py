"""Template filters of the monev pages over core.formatting: a report's value and status badge."""

from django import template

from core import formatting
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
