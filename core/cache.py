"""Versioned entries in Django's cache: shared by every process of every app server, never stale.

An entry's key carries the current version of each data scope it was computed from ("master" for the
roadmap's rows and registry, "reports:<period id>" for one period's reports, "pmprb" for the
assessments). The versions live in the database (core.models.DataVersion) and every write replaces its
scopes' versions in its own transaction (core/scopes.py connects the models), so:

- a reader that sees the new data sees the new version, and one that sees the old version computed from
  the old data: no window, nothing to bump twice, nothing lost when a worker dies after its commit;
- every process of every app server reads the same versions, whatever the cache backend;
- the cache holds only entries under immutable keys: when it is down, slow or flushed, pages are computed
  without it and nothing stale can come back with it.

Nothing here belongs to one reader: entries are read models shared by everyone who may read the page.
"""

import functools
import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

T = TypeVar("T")
logger = logging.getLogger(__name__)

MASTER = "master"  # the roadmap's rows, the OPD registry, scales, periods
REPORTS = "reports"  # every period's reports (each period also has its own scope)
PMPRB = "pmprb"  # assessments, findings, recommendations and their follow-up

INITIAL_VERSION = "0"  # a scope no write has touched yet
EVERY_SCOPE = (MASTER, REPORTS, PMPRB)  # what a page fragment may read: all of it, nothing to list
FORM_TOKEN = 'name="csrfmiddlewaretoken"'  # as {% csrf_token %} renders it; typed text escapes its quotes


def reports_scope(period_id: int) -> str:
    return f"reports:{period_id}"


def report_scopes(period_id: int) -> tuple[str, str]:
    """What a change of one report changes: its period's results and every page of reports."""
    return (reports_scope(period_id), REPORTS)


# The versions one GET request has read (RequestVersions): a page with a kept entry and two fragments reads
# them once. Any bump forgets them, so a request that writes reads its own new versions.
_read_in_request: ContextVar[dict[str, str] | None] = ContextVar("data_versions_read", default=None)


def versions(scopes: Iterable[str]) -> tuple[str, ...]:
    """The current version of each scope, in one query (none for scopes this GET request already read)."""
    from core.models import DataVersion

    scopes = list(scopes)
    known = _read_in_request.get()
    if known is None:
        known = {}
    missing = [scope for scope in scopes if scope not in known]
    if missing:
        found = dict(DataVersion.objects.filter(scope__in=missing).values_list("scope", "token"))
        known.update({scope: found.get(scope, INITIAL_VERSION) for scope in missing})
    return tuple(known[scope] for scope in scopes)


class RequestVersions:
    """Middleware: a GET or HEAD request reads each data version once, however many entries it uses. Reads
    only: other methods read the versions afresh each time."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        reset = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(reset)


def bump(*scopes: str) -> None:
    """The current transaction changes these scopes: give each a new version that commits with it.

    One statement for all of them, in a fixed order, so two writers lock the version rows alike."""
    from core.models import DataVersion

    if not scopes:
        return
    known = _read_in_request.get()
    if known is not None:
        known.clear()  # what this request read before its own write is no longer current
    DataVersion.objects.bulk_create(
        [DataVersion(scope=scope, token=uuid.uuid4().hex) for scope in sorted(set(scopes))],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token"],
    )


@functools.cache
def release() -> str:
    """A digest of the release this process runs (_RELEASE_FILES), taken when the process starts
    (CoreConfig.ready) and part of every key: an entry rendered or pickled by another release (before a
    deploy, or by an app server not yet updated) is never read, whether or not the deploy ran `migrate`
    (which bumps every scope too) or flushed the cache."""
    digest = hashlib.sha1(usedforsecurity=False)
    base = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _NOT_THE_RELEASE)
        for name in sorted(files):
            if name.endswith(_RELEASE_FILES):
                path = Path(folder, name)
                digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# The code, the templates, the translations and the pinned packages (whose templates render pages too)
_RELEASE_FILES = (".py", ".html", ".mo", "requirements.lock")
_NOT_THE_RELEASE = {"tests", "node_modules", "media", "staticfiles", "test-artifacts", "bench", "__pycache__"}


def cached(name: str, scopes: Iterable[str], compute: Callable[[], T], *parts: Any) -> T:
    """`compute()` once per version of `scopes` (and `parts`), shared by every process of every app server.

    The value must not depend on who asks: `parts` name everything else it depends on."""
    scopes = list(scopes)
    raw = repr((release(), name, parts, scopes, versions(scopes)))
    key = f"entry:{name}:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"
    value = _shared.get(key)
    if value is None:
        value = compute()
        _shared.set(key, value)
    return value


def fragment(name: str, reader: tuple, path: str, render: Callable[[], str]) -> str:
    """A part of a page rendered once per version of all the data, per URL (`path` with its query) and per
    `reader` (the powers and OPD that may make two readers' views differ), shared by every app server.

    Today is part of the key: "terlambat" and overdue follow-ups change at midnight. A fragment that holds a
    form's CSRF token belongs to one reader and is refused: keep forms that post outside shared fragments."""

    def render_checked() -> str:
        html = render()
        if FORM_TOKEN in html:
            raise ValueError(f"shared fragment {name!r} holds a form's CSRF token: it would belong to one reader")
        return html

    return cached("fragment", EVERY_SCOPE, render_checked, name, reader, path, timezone.localdate())


class _SharedCache:
    """Django's cache as an optimisation: an error or a time-out reads as a miss and a write that fails is
    dropped. After a failure the cache is left alone for a few seconds, so a stopped or paused Redis costs
    one short time-out per process, not one per request."""

    PAUSE_SECONDS = 5.0

    def __init__(self) -> None:
        self._resume_at = 0.0

    def get(self, key: str) -> Any:
        return self._call("get", key)

    def set(self, key: str, value: Any) -> None:
        self._call("set", key, value, timeout=settings.RESULTS_CACHE_SECONDS)

    def _call(self, method: str, *args, **kwargs) -> Any:
        if time.monotonic() < self._resume_at:
            return None
        try:
            return getattr(caches[settings.RESULTS_CACHE_ALIAS], method)(*args, **kwargs)
        except Exception:  # noqa: BLE001 - any failure of the cache (connection, time-out, pickling) is a miss
            logger.warning("Cache tidak tersedia; halaman dihitung tanpa cache", exc_info=True)
            self._resume_at = time.monotonic() + self.PAUSE_SECONDS
            return None

    def resume(self) -> None:
        self._resume_at = 0.0


_shared = _SharedCache()


def resume_shared_cache() -> None:
    """Use the cache again at once, without waiting out the pause after a failure (tests)."""
    _shared.resume()
