from django.apps import AppConfig


class PmprbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pmprb"
