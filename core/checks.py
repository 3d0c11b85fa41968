"""System checks of the deployment's shape."""

from django.conf import settings
from django.core.checks import Error, register

# Backends whose entries live in one process: a version bumped by one worker would be unseen by the others'
# entries (wasted work), and the page sharing of several workers would silently fall apart.
PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@register()
def shared_cache(app_configs, **kwargs) -> list[Error]:
    """With DEBUG=0 the results cache must be one every process of every app server shares."""
    backend = settings.CACHES[settings.RESULTS_CACHE_ALIAS]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"Cache '{settings.RESULTS_CACHE_ALIAS}' ({backend}) hanya berlaku di satu proses.",
            hint="Hapus pengaturan CACHES khusus agar memakai cache basis data bersama, atau isi REDIS_URL.",
            id="core.E001",
        )
    ]
