from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MonevConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monev"
    verbose_name = _("Monitoring dan evaluasi")

    def ready(self) -> None:
        from monev.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
