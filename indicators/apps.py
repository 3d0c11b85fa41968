from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Indikator dan target"

    def ready(self) -> None:
        from core.cache import bump_on_any_change

        # Master data: an edit in the admin shows on every app server's dashboards at the next request.
        bump_on_any_change(self)
