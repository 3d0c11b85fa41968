"""Pages many readers share, rendered once per data version (core/cache.py) and reused by every app server.

A page's own blocks (title, extra_head, content, extra_js) are cached; the navigation bar with the
user's name and the messages are rendered for each request around them (templates/core/shared_page.html).
A form that posts keeps working: its CSRF token is stored as a placeholder and every reader gets a
token of their own session in its place.

Use it innermost, below the decorators that check access:

    @require_safe
    @dashboard_access
    @shared_page(cache.MASTER, cache.REPORTS)
    def overview(request): ...
"""

import functools
import re
from collections.abc import Callable

from django.conf import settings
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from core import cache

BLOCKS = ("title", "extra_head", "content", "extra_js")
MARKER = "<!--pantau-shared:{}:{}-->"
_MARKERS = re.compile(r"<!--pantau-shared:[a-z_]+:(?:start|end)-->")
# One session's CSRF token in a stored page: replaced by a placeholder, filled per reader
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = "__pantau_csrf_token__"


def shared_page(*scopes: str, vary: Callable | None = None):
    """Cache the page's blocks for the current version of `scopes`, per full path and `vary(request)`.

    `vary` (default: settings.SHARED_PAGE_VARY, the reader's powers and OPD) must cover everything
    the view's content and its own access checks read about the user: a hit skips the view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "GET" or "_export" in request.GET:
                return view(request, *args, **kwargs)
            # Today is part of the key: "terlambat" and overdue follow-ups change at midnight
            reader = (vary or import_string(settings.SHARED_PAGE_VARY))(request)
            parts = (view.__module__, view.__qualname__, request.get_full_path(), reader, timezone.localdate())
            rendered = {}

            def render_once() -> dict | None:
                request.shared_page_markers = True
                rendered["response"] = view(request, *args, **kwargs)
                return _blocks(rendered["response"])

            blocks = cache.cached("shared-page", scopes, render_once, *parts, store_none=False, local=True)
            if "response" in rendered:
                return _without_markers(rendered["response"])
            token = get_token(request)
            own = {name: mark_safe(html.replace(TOKEN_PLACEHOLDER, token)) for name, html in blocks.items()}  # noqa: S308 - our own rendered HTML
            return render(request, "core/shared_page.html", own)

        return wrapped

    return decorator


def _without_markers(response):
    """The response this request rendered, as the browser must see it: no block markers."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if not getattr(response, "streaming", False) and b"<!--pantau-shared:" in response.content:
        response.content = _MARKERS.sub("", response.content.decode()).encode()
    return response


def _blocks(response) -> dict | None:
    """The page's blocks from a rendered response with markers, or None when it must not be shared."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if (
        response.status_code != 200
        or getattr(response, "streaming", False)
        or response.has_header("Content-Disposition")
    ):
        return None
    html = response.content.decode()
    if not html.count(MARKER.format("content", "start")):
        return None
    return {name: _CSRF_INPUT.sub(rf"\g<1>{TOKEN_PLACEHOLDER}\g<2>", _between(html, name)) for name in BLOCKS}


def _between(html: str, block: str) -> str:
    start, end = MARKER.format(block, "start"), MARKER.format(block, "end")
    if start not in html:
        return ""
    return html.split(start, 1)[1].split(end, 1)[0]
