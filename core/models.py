"""The versions of the data scopes the cache keys carry (core/cache.py), and the uploads of imports waiting
between their preview and their apply (core/pending.py)."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """The current version of one data scope: a fresh random token written by the transaction that changes
    the scope's data, so the version commits (or rolls back) with the data itself. Every process of every app
    server reads it from the database: a cached entry can never outlive the data it was computed from, whether
    the cache is Redis, the database or gone."""

    scope = models.CharField(_("lingkup data"), max_length=64, primary_key=True)
    token = models.CharField(_("versi"), max_length=32)

    class Meta:
        verbose_name = _("versi data")
        verbose_name_plural = _("versi data")

    def __str__(self) -> str:
        return f"{self.scope}: {self.token}"


PENDING_FOLDER = "impor-tertunda"  # under MEDIA_ROOT: the one folder of every pending upload
_PENDING_SUFFIXES = {".xlsx", ".csv", ".xls", ".ods", ".json", ".tsv", ".yaml"}


def _pending_path(instance: "PendingUpload", filename: str) -> str:
    """A random name (never the token, never the user's file name) in PENDING_FOLDER."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    return f"{PENDING_FOLDER}/{secrets.token_hex(16)}{suffix if suffix in _PENDING_SUFFIXES else ''}"


class PendingUpload(models.Model):
    """An uploaded file between its preview and "Terapkan" (core/pending.py): whose it is, which import it is
    for, and until when it may be applied. Never kept in the session, never sent back through the browser."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    kind = models.CharField(_("jenis impor"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    file = models.FileField(_("berkas"), upload_to=_pending_path, max_length=200)
    created = models.DateTimeField(_("diunggah"), auto_now_add=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), db_index=True)
    context = models.JSONField(_("konteks"), default=dict, blank=True)

    class Meta:
        verbose_name = _("unggahan tertunda")
        verbose_name_plural = _("unggahan tertunda")
        indexes = [models.Index(fields=["user", "kind"], name="core_pending_user_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file.name}"
