from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonevConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monev"
    verbose_name = _("Monitoring dan evaluasi")
