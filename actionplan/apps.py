from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actionplan"
    verbose_name = "Rencana aksi"

    def ready(self) -> None:
        from core.cache import bump_on_any_change

        # Master data: an edit in the admin shows on every app server's dashboards at the next request.
        bump_on_any_change(self)
