"""The deployment trap of a reverse proxy the settings do not know about.

Behind nginx every request arrives from nginx's address. Unless BEHIND_TLS_PROXY is set, the login
throttle (accounts/throttling.py) then counts every client as that one address, and a stranger's failed
logins lock the real user out. A request carrying X-Forwarded-For while BEHIND_TLS_PROXY is off is the
sign: ForwardedForWatch logs a warning (once an hour per process) and notes it in the shared cache, and
the deploy check (`manage.py check --deploy`) then warns with the setting to choose.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Tags, Warning, register
from django.utils import timezone

logger = logging.getLogger(__name__)

SEEN_KEY = "proxy:forwarded-for-seen"
WARN_EVERY_SECONDS = 3600
_last_warned = 0.0


class ForwardedForWatch:
    """Middleware: notices requests that came through a proxy the settings do not trust."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not settings.BEHIND_TLS_PROXY and request.META.get("HTTP_X_FORWARDED_FOR"):
            forwarded_without_setting(request.META.get("REMOTE_ADDR", ""))
        return self.get_response(request)


def forwarded_without_setting(remote: str) -> None:
    global _last_warned
    now = time.monotonic()
    if _last_warned and now - _last_warned < WARN_EVERY_SECONDS:
        return
    _last_warned = now
    logger.warning(
        "A request from %s carries X-Forwarded-For but BEHIND_TLS_PROXY=0: behind a proxy every client "
        "shares its address and a stranger can lock users out. Set BEHIND_TLS_PROXY=1 and "
        "TRUSTED_PROXY_COUNT (docs/deploy.md).",
        remote,
    )
    try:  # a note for `check --deploy`; the cache being down must not fail the request
        cache.set(SEEN_KEY, {"at": timezone.now().isoformat(), "remote": remote}, timeout=None)
    except Exception:  # noqa: BLE001 - any cache failure only loses the note
        logger.debug("could not note the forwarded request in the cache", exc_info=True)


def _seen() -> dict | None:
    try:
        return cache.get(SEEN_KEY)
    except Exception:  # noqa: BLE001 - the check must not fail on an unreachable cache
        return None


@register(Tags.security, deploy=True)
def forwarded_for_without_proxy_setting(app_configs=None, **kwargs) -> list[Warning]:
    """Warn when requests came with X-Forwarded-For while BEHIND_TLS_PROXY is off."""
    if settings.BEHIND_TLS_PROXY:
        return []
    seen = _seen()
    if not seen:
        return []
    return [
        Warning(
            f"Requests arrive with X-Forwarded-For (last noted {seen.get('at', '?')} from "
            f"{seen.get('remote', '?')}) but BEHIND_TLS_PROXY is off: every client then shares the "
            "proxy's address, and a stranger's failed logins lock the real user out.",
            hint="Behind nginx or a load balancer set BEHIND_TLS_PROXY=1 and TRUSTED_PROXY_COUNT to the number "
            "of proxies that append to the header (docs/deploy.md, 'Login throttling behind the proxy').",
            id="pantau.W001",
        )
    ]
