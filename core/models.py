"""The versions of the data scopes the cache keys carry (core/cache.py)."""

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
