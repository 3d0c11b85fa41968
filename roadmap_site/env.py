"""Tiny typed readers for settings taken from environment variables."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# SQLite as a real default for one office: readers never wait for the writer (WAL); a writer waits up
# to 20 s for another instead of failing at once; and every transaction takes the write lock when it
# begins (IMMEDIATE), so two saves queue instead of one failing with "database is locked" when both
# read first and then try to write.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_env_file(path: Path) -> None:
    """Variables of a `.env` file (KEY=value lines, # comments) for those not already in the environment.

    The file is the place for a server's settings (see .env.example); a real environment variable
    always wins, so a service manager or CI can override any of them."""
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, separator, value = line.removeprefix("export ").partition("=")
        if not separator or not key.strip().isidentifier():
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=value, got {line!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


def env_admins(name: str) -> list[tuple[str, str]]:
    """ADMINS="Name <mail@host>, other@host" -> [("Name", "mail@host"), ("other@host", "other@host")]."""
    admins = []
    for item in env_list(name, []):
        display, _bracket, address = item.partition("<")
        address = address.rstrip(">").strip() or display.strip()
        if "@" not in address:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an e-mail address")
        admins.append((display.strip() or address, address))
    return admins


def database_config(url: str, conn_max_age: int = 0, conn_health_checks: bool = False) -> dict:
    """One DATABASES entry from a URL; SQLite gets SQLITE_OPTIONS."""
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config
