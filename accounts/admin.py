from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from accounts.models import Membership
from accounts.resources import UserResource
from core.resources import ImportTemplateMixin

User = get_user_model()


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ("opd",)


admin.site.unregister(User)


@admin.register(User)
class PantauUserAdmin(ImportTemplateMixin, ImportExportMixin, UserAdmin):
    resource_classes = [UserResource]
    import_example = ["operator.hukum", "Siti Aminah", "siti@pasuruankab.go.id", "Operator OPD", "Bagian Hukum"]
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "opd", "roles", "is_active")
    list_filter = ("groups", "membership__opd", "is_active")
    list_select_related = ("membership__opd",)

    @admin.display(description=_("OPD"), ordering="membership__opd__short_name")
    def opd(self, user) -> str:
        membership = getattr(user, "membership", None)
        return str(membership.opd) if membership else "—"

    @admin.display(description=_("peran"))
    def roles(self, user) -> str:
        return ", ".join(group.name for group in user.groups.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


def _hide_from_index(model_admin_class) -> None:
    """Technical tables (django-axes login attempts and logs) stay reachable by their address and
    from the administrator's home page, but out of the admin's main menu."""
    model_admin_class.has_module_permission = lambda self, request: False


for _model, _model_admin in list(admin.site._registry.items()):
    if _model._meta.app_label == "axes":
        _hide_from_index(type(_model_admin))
