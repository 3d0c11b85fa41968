from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "actionplan"
    verbose_name = "Rencana aksi"
