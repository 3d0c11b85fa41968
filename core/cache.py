"""Versioned entries in Django's cache: shared by every app server (Redis), never stale.

An entry's key carries the current version of each data scope it was computed from ("master" for
the roadmap's rows and registry, "reports:<period id>" for one period's reports). Every write bumps
its scope's version, so the next read of any app server misses and recomputes; old entries simply
expire. Nothing is ever invalidated by time.

Writes bump twice: at once (a reader in the same transaction sees its own change) and again on
commit (an entry another server computed between the first bump and the commit, from data without
the change, is never read again).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

T = TypeVar("T")

MASTER = "master"  # the roadmap's rows, the OPD registry, scales, periods
REPORTS = "reports"  # every period's reports (each period also has its own scope)
PMPRB = "pmprb"  # assessments, findings, recommendations and their follow-up


def reports_scope(period_id: int) -> str:
    return f"reports:{period_id}"


def report_scopes(period_id: int) -> tuple[str, str]:
    """What a change of one report changes: its period's results and every page of reports."""
    return (reports_scope(period_id), REPORTS)


def _cache():
    return caches[settings.RESULTS_CACHE_ALIAS]


def _version_key(scope: str) -> str:
    return f"data-version:{scope}"


def versions(scopes: Iterable[str]) -> tuple[int, ...]:
    """The current version of each scope, in one cache round trip; a missing one starts afresh."""
    scopes = list(scopes)
    found = _cache().get_many([_version_key(scope) for scope in scopes])
    result = []
    for scope in scopes:
        value = found.get(_version_key(scope))
        if value is None:
            # A new start must not collide with any version used before (the cache may have been
            # flushed while entries of an old number survived elsewhere): the clock gives a fresh one.
            value = time.time_ns()
            if not _cache().add(_version_key(scope), value, timeout=None):
                value = _cache().get(_version_key(scope), value)
        result.append(value)
    return tuple(result)


def _bump_now(scope: str) -> None:
    try:
        _cache().incr(_version_key(scope))
    except ValueError:  # not there: any fresh value is a new version
        _cache().set(_version_key(scope), time.time_ns(), timeout=None)


def bump(*scopes: str) -> None:
    """A write changed these scopes: bump now and again when the transaction commits."""
    for scope in scopes:
        _bump_now(scope)
        transaction.on_commit(lambda scope=scope: _bump_now(scope))


class _Local:
    """The last few entries this process read, by their full versioned key: never stale (a new version
    is a new key), it only spares unpickling a large value on every request."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: str) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_local = _Local(128)


def cached(
    name: str,
    scopes: Iterable[str],
    compute: Callable[[], T],
    *parts: Any,
    local: bool = False,
    store_none: bool = True,
    shared: bool = True,
) -> T:
    """`compute()` once per version of `scopes` (and `parts`), shared by every process.

    `local`: also keep the value in this process (large read models, read-only by their users).
    `shared=False`: keep it in this process only, for read models whose pickling costs more than
    computing them again; what readers share is the page rendered from them.
    `store_none=False`: a None result means "do not share this one" and is computed again next time."""
    scopes = list(scopes)
    raw = repr((name, parts, scopes, versions(scopes)))
    key = f"entry:{name}:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"
    value = _local.get(key) if local or not shared else None
    if value is None:
        value = _cache().get(key) if shared else None
        if value is None:
            value = compute()
            if value is None and not store_none:
                return value
            if shared:
                _cache().set(key, value, timeout=settings.RESULTS_CACHE_SECONDS)
        if local or not shared:
            _local.put(key, value)
    return value


def clear_local() -> None:
    _local.clear()


def bump_on_change(model, scopes_of: Callable[[Any], Iterable[str]]) -> None:
    """Bump the scopes an instance belongs to whenever one is saved or deleted (called from AppConfig.ready).

    Queryset .update() and bulk writes send no signal: their callers bump themselves."""
    from django.db.models.signals import post_delete, post_save

    def handler(sender, instance, **kwargs) -> None:
        bump(*scopes_of(instance))

    uid = f"core.cache:{model._meta.label}"
    post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":delete")


def bump_on_any_change(app_config, scope: str = MASTER) -> None:
    """Every model of the app is part of `scope` (master data: the rows every dashboard shows)."""
    for model in app_config.get_models():
        bump_on_change(model, lambda instance: (scope,))
