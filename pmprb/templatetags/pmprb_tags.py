"""Template tags of the PMPRB pages."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def option_tags(options, answer, field: str) -> str:
    """The <option> elements of an answer select with the answer's `field` (an option id) selected.

    35 questions × 2 selects on an area page: one call each instead of a template loop.
    """
    selected_id = getattr(answer, field, None)
    selected = mark_safe(" selected")  # noqa: S308 - constant
    return format_html(
        '<option value="">—</option>{}',
        format_html_join("", '<option value="{}"{}>{}</option>',
                         ((o.pk, selected if o.pk == selected_id else "", o.code) for o in options)),
    )  # fmt: skip
