"""{% icon "bell" %}: an icon of the vendored Bootstrap Icons sprite (static/vendor/bootstrap-icons/icons.svg)."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    """An inline SVG icon; decorative (aria-hidden) unless a label is given."""
    href = f"{static('vendor/bootstrap-icons/icons.svg')}#{name}"
    if label:
        return format_html('<svg class="bi" role="img" aria-label="{}"><use href="{}"></use></svg>', label, href)
    return format_html('<svg class="bi" aria-hidden="true"><use href="{}"></use></svg>', href)
