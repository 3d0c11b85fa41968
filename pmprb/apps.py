from django.apps import AppConfig


class PmprbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pmprb"

    def ready(self) -> None:
        from core import cache

        # Dashboards show overdue recommendations and the Indeks RB: any PMPRB write renews them.
        cache.bump_on_any_change(self, cache.PMPRB)
