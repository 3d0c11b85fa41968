from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import reorganisation
from accounts.models import Membership
from accounts.resources import UserResource
from core.errors import WorkflowError
from core.resources import ImportTemplateMixin, SpreadsheetImportMixin
from roadmap.models import OPD, OPDChange

User = get_user_model()


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ("opd",)


admin.site.unregister(User)


@admin.register(User)
class PantauUserAdmin(ImportTemplateMixin, SpreadsheetImportMixin, UserAdmin):
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


# Registered here, not in roadmap/admin.py: recording a change moves accounts (accounts depends on roadmap).
class OPDChangeForm(forms.ModelForm):
    accounts_to = forms.ModelChoiceField(
        OPD.objects.filter(ended_on__isnull=True),
        required=False,
        label=_("akun pengguna pindah ke"),
        help_text=_("Hanya untuk pemecahan: OPD baru yang menerima akun pengguna OPD lama."),
    )

    class Meta:
        model = OPDChange
        fields = ("kind", "effective_on", "decree", "notes", "predecessors", "successors")
        widgets = {
            "predecessors": FilteredSelectMultiple(_("OPD sebelum perubahan"), is_stacked=False),
            "successors": FilteredSelectMultiple(_("OPD sesudah perubahan"), is_stacked=False),
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("predecessors", "successors"):
            if name in self.fields:  # absent on the read-only page of a recorded change
                self.fields[name].queryset = OPD.objects.filter(ended_on__isnull=True)

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                reorganisation.check_change(
                    self.user,
                    data["kind"],
                    list(data["predecessors"]),
                    list(data["successors"]),
                    data["effective_on"],
                    data["decree"],
                    data.get("accounts_to"),
                )
            except WorkflowError as error:
                raise forms.ValidationError(str(error)) from error
        return data


@admin.register(OPDChange)
class OPDChangeAdmin(admin.ModelAdmin):
    """Reorganisations are recorded once (accounts/reorganisation.record_change) and then only read:
    they are the history the reports' names rest on."""

    form = OPDChangeForm
    actions = None
    list_display = ("effective_on", "kind", "decree", "before", "after", "recorded_by")
    list_filter = ("kind",)
    search_fields = ("decree", "predecessors__short_name", "successors__short_name")

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change, **kwargs)

        class FormForUser(base):  # the rules need the user; the admin builds the form without it
            def __init__(self, *args, **kw) -> None:
                super().__init__(*args, user=request.user, **kw)

        return FormForUser

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("predecessors", "successors").select_related("recorded_by")
        )

    @admin.display(description=_("sebelum"))
    def before(self, obj: OPDChange) -> str:
        return ", ".join(opd.short_name for opd in obj.predecessors.all())

    @admin.display(description=_("sesudah"))
    def after(self, obj: OPDChange) -> str:
        return ", ".join(opd.short_name for opd in obj.successors.all())

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        recorded = reorganisation.record_change(
            request.user,
            data["kind"],
            list(data["predecessors"]),
            list(data["successors"]),
            data["effective_on"],
            data["decree"],
            data.get("notes") or "",
            data.get("accounts_to"),
        )
        obj.pk = recorded.pk

    def save_related(self, request, form, formsets, change) -> None:
        """The units were linked by record_change."""

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
