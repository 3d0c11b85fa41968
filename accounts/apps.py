from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from accounts.roles import ensure_roles

        # After every app's migrations: models added later still give administrators their admin rights.
        post_migrate.connect(ensure_roles, dispatch_uid="accounts.ensure_roles")
