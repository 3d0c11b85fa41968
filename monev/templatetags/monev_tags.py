"""Filters for the long tables: a report's value, status badges and a row's reported values.

They produce the same HTML as the partials in templates/monev/ but without a template include per
row, which is what long dashboard tables and the PDF report spend their time on."""

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
