import unicodedata
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with its refusal said once: the Indonesian catalogue's message inserts the
    field name after its own "nama pengguna" ("nama pengguna nama pengguna")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau sandi salah. Perhatikan huruf besar dan kecil."),
    }


class PasswordResetForm(DjangoPasswordResetForm):
    """ "Lupa sandi" for every active account with the address, also one without a usable password.

    Accounts created by the user import have none (accounts/resources.py): "Lupa sandi" is how their
    users make their first password, and Django's form would silently send them nothing. An account
    is kept out by deactivating it (is_active), which this form respects, not by its password."""

    def get_users(self, email: str) -> Iterator:
        model = get_user_model()
        field = model.get_email_field_name()
        active = model._default_manager.filter(**{f"{field}__iexact": email, "is_active": True})
        return (user for user in active if _same_address(email, getattr(user, field)))


def _same_address(first: str, second: str) -> bool:
    """As Django compares them: Unicode-normalised, case-folded (a look-alike address gets no mail)."""
    return unicodedata.normalize("NFKC", first).casefold() == unicodedata.normalize("NFKC", second).casefold()
