from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """Shared kit: table/filter/export bases, spreadsheets, numbers, uploads, charts, and the data versions
    every cached entry is keyed by."""

    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import cache, checks, proxy, scopes  # noqa: F401 - registers the system checks

        # The release's digest now, from the files this process loaded, not from a later `git pull`
        cache.release()
        # Every model's writes bump the data scopes the registry gives it (core/scopes.py).
        scopes.connect_signals()
        # `migrate` leaves the database cache's table ready: nothing to remember at install time.
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="core.create_cache_table")
        # A migration may change data without signals, or the code that renders it: nothing cached before survives
        post_migrate.connect(bump_every_scope, sender=self, dispatch_uid="core.bump_every_scope")


def bump_every_scope(using: str = "default", **kwargs) -> None:
    from core import cache

    cache.bump(*cache.EVERY_SCOPE)


def create_cache_table(using: str = "default", **kwargs) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
