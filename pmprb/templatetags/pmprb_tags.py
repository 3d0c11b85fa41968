"""Template tags of the PMPRB pages."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.formatting import decimal_text, score_text

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
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((o.pk, selected if o.pk == selected_id else "", o.code) for o in options),
        ),
    )


@register.filter
def score(value, places: int = 2) -> str:
    """A score as the report prints it (core.formatting.score_text): one rounding rule everywhere."""
    return score_text(value, int(places))


@register.filter
def weight(value) -> str:
    """A weight without trailing zeros ('2,5'), or 'belum diketahui'."""
    return _("belum diketahui") if value is None else decimal_text(value)
