"""What django-axes counts failed logins by: the username typed and the client's address, together.

Behind a reverse proxy every request comes from the proxy's address, so the client's address is read
from X-Forwarded-For, but only when BEHIND_TLS_PROXY is set and only the entry the trusted proxies
wrote (TRUSTED_PROXY_COUNT from the right): what a client writes into the header itself is ignored.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model


def client_username(request, credentials: dict | None = None) -> str | None:
    """The username as typed, cut to what a username can be and without NUL, so that an absurd
    login name is counted like any other wrong one instead of failing to be recorded."""
    source = credentials if credentials else getattr(request, "POST", {})
    raw = source.get("username") if source else None
    if raw is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return str(raw).replace("\x00", "")[:limit]


def client_ip(request) -> str | None:
    """The address of the client: REMOTE_ADDR, or behind trusted proxies the address they forwarded."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_TLS_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    count = settings.TRUSTED_PROXY_COUNT
    if count < 1 or len(forwarded) < count:
        return remote
    return _valid_ip(forwarded[-count]) or remote


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
