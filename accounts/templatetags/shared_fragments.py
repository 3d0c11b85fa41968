"""{% shared_fragment "name" data %} … {% endshared_fragment %}: the part of a page that every reader with the
same powers and OPD sees alike, rendered once per version of the data and kept in the shared cache
(core.cache.fragment).

`data` is optional: a callable in the context (the template engine calls it) that returns the variables only
the fragment needs, so a page whose fragment is cached never computes them. The rest of the page, with the
reader's name, messages and forms that post, is rendered for each request around it.
"""

from django import template
from django.utils.safestring import mark_safe

from accounts import rules
from core import cache

register = template.Library()


@register.tag
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and, optionally, a callable of its data")
    name = parser.compile_filter(bits[1])
    data = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, name, data)


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, data) -> None:
        self.nodelist, self.name, self.data = nodelist, name, data

    def render(self, context) -> str:
        request = context["request"]

        def render_fragment() -> str:
            extra = self.data.resolve(context) if self.data is not None else {}
            with context.push(**extra):
                return self.nodelist.render(context)

        if request.method not in ("GET", "HEAD"):
            return mark_safe(render_fragment())  # a form sent back with its errors shows what was typed, never stored
        reader = rules.reader_signature(request.user)
        html = cache.fragment(str(self.name.resolve(context)), reader, request.get_full_path(), render_fragment)
        return mark_safe(html)  # noqa: S308 - HTML this template rendered
