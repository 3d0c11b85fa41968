"""Import and export of user accounts (nama pengguna, nama, email, peran, OPD) in the admin.

Bagian Organisasi creates a regency's 50–200 accounts from one spreadsheet: the preview lists every
refused row by row and column, and nothing is imported until every row is valid (all or nothing).
New accounts get no password: each user sets one through "Lupa sandi" (accounts.forms.PasswordResetForm
serves accounts without a usable password), or an administrator sets it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, widgets

from accounts.choices import Role
from accounts.models import Membership
from core.resources import ColumnErrorsResource
from roadmap.models import OPD

# Roles that report for an OPD and therefore need one
OPD_ROLES = {Role.OPERATOR.value, Role.HEAD.value}


class RoleWidget(widgets.Widget):
    """A role by its group name or its label, in any letter case."""

    def clean(self, value, row=None, **kwargs) -> str:
        text = str(value or "").strip().casefold()
        for role in Role:
            if text in {role.value.casefold(), str(role.label).casefold()}:
                return role.value
        raise ValueError(
            _("Peran '%(value)s' tidak dikenal; pilih salah satu: %(roles)s.")
            % {"value": value or "", "roles": ", ".join(role.value for role in Role)}
        )

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class OPDWidget(widgets.Widget):
    """An OPD by its short name, full name or a spelling the Perbup uses; empty for none."""

    def clean(self, value, row=None, **kwargs) -> OPD | None:
        text = str(value or "").strip()
        if not text:
            return None
        found = OPD.objects.filter(Q(short_name__iexact=text) | Q(name__iexact=text)).first()
        if found is None:
            found = next((opd for opd in OPD.objects.all() if text.casefold() in map(str.casefold, opd.aliases)), None)
        if found is None:
            raise ValueError(_("OPD '%(value)s' tidak ada di daftar OPD.") % {"value": text})
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return value.short_name if value else ""


class UserResource(ColumnErrorsResource):
    unique_ignoring_case = ("username",)
    username = fields.Field(attribute="username", column_name="nama_pengguna")
    full_name = fields.Field(attribute="import_full_name", column_name="nama")
    email = fields.Field(attribute="email", column_name="email")
    role = fields.Field(attribute="import_role", column_name="peran", widget=RoleWidget())
    opd = fields.Field(attribute="import_opd", column_name="opd", widget=OPDWidget())

    class Meta:
        model = get_user_model()
        fields = ("username", "full_name", "email", "role", "opd")
        import_id_fields = ("username",)
        clean_model_instances = True
        skip_diff = False

    def get_export_queryset(self, request=None):
        return get_user_model().objects.select_related("membership__opd").prefetch_related("groups")

    def dehydrate_full_name(self, user) -> str:
        return user.get_full_name()

    def dehydrate_role(self, user) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all()))

    def dehydrate_opd(self, user) -> str:
        membership = getattr(user, "membership", None)
        return membership.opd.short_name if membership else ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        errors = dict(import_validation_errors or {})
        role, opd = getattr(instance, "import_role", None), getattr(instance, "import_opd", None)
        if "import_opd" not in errors and role in OPD_ROLES and opd is None:
            errors["import_opd"] = [_("Peran %(role)s memerlukan OPD.") % {"role": role}]
        if not (instance.email or "").strip():
            errors.setdefault("email", []).append(_("Email wajib diisi (untuk notifikasi dan lupa sandi)."))
        super().validate_instance(instance, errors, validate_unique)

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        if new:  # before validation: a new account is valid without a password
            instance.set_unusable_password()

    def before_save_instance(self, instance, row, **kwargs) -> None:
        first, _space, last = (getattr(instance, "import_full_name", "") or "").strip().partition(" ")
        instance.first_name, instance.last_name = first[:150], last[:150]

    def after_save_instance(self, instance, row, **kwargs) -> None:
        instance.groups.set([Group.objects.get(name=instance.import_role)])
        opd = instance.import_opd
        if opd is None:
            Membership.objects.filter(user=instance).delete()
        else:
            Membership.objects.update_or_create(user=instance, defaults={"opd": opd})
