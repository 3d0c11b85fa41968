"""Template filters of the monev pages over core.formatting: a report's value and status badge."""

from django import template
from django.utils.html import format_html_join

from core import formatting
from monev.choices import NOT_STARTED_LABEL
from monev.models import Period

register = template.Library()


@register.filter
def report_value(report) -> str:
    return formatting.value_text(report)


@register.filter
def report_status(report) -> str:
    if report is None:
        return formatting.status_badge("not_started", str(NOT_STARTED_LABEL))
    return formatting.status_badge(report.status, report.get_status_display())


@register.simple_tag
def period_options(current: Period) -> str:
    """The <option>s of a period picker: every roadmap's periods, grouped by roadmap when there are several,
    the active roadmap first, so an old roadmap stays one choice away."""
    order = ("-roadmap__is_active", "-roadmap__year", "-roadmap__number", "year", "semester")
    periods = list(Period.objects.select_related("roadmap").order_by(*order))
    selected = " selected"

    def options(items) -> str:
        return format_html_join(
            "", '<option value="{}"{}>{}</option>', ((p.pk, selected if p.pk == current.pk else "", p) for p in items)
        )

    roadmaps = list(dict.fromkeys(period.roadmap for period in periods))
    if len(roadmaps) < 2:
        return options(periods)
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        ((roadmap, options([p for p in periods if p.roadmap_id == roadmap.pk])) for roadmap in roadmaps),
    )


@register.filter
def band_note(target) -> str:
    """The official band beside a Perbup target whose number lies in another band than its printed level."""
    if target is None:
        return ""
    return formatting.band_note(target.value, target.level, target.band_conflict)
