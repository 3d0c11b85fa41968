from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerbupConfig(AppConfig):
    """Loading and exporting the Perbup: load_perbup, export_roadmap, /data/roadmap.json."""

    name = "perbup"
    verbose_name = _("Muat dan data terbuka road map")
