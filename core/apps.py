from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared kit without models: table/filter/export bases, spreadsheets, numbers, uploads, charts."""

    name = "core"

    def ready(self) -> None:
        from core import proxy  # noqa: F401 - registers the deploy check of the proxy setting
