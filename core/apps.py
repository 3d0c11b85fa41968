from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared kit without models: table/filter/export bases, spreadsheets, numbers, uploads, charts."""

    name = "core"
