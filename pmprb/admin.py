from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core import pending
from core.errors import WorkflowError
from pmprb.models import (
    Assessment,
    AssessmentEvent,
    Component,
    FollowUp,
    HasilIndicator,
    HasilLevel,
    LkeArea,
    Option,
    Question,
    QuestionEvidence,
    Recommendation,
    ReportSettings,
    SubArea,
    SubAreaMapping,
    WorksheetVersion,
)
from pmprb.versions import publish_problems


class ImportForm(forms.Form):
    """The workbook and what it does not say itself: the version's code, name, regulation and years."""

    workbook = forms.FileField(label=_("Lembar kerja LKE (.xlsx)"), required=False)
    code = forms.SlugField(label=_("Kode versi"), max_length=60)
    name = forms.CharField(label=_("Nama"), max_length=300)
    regulation = forms.CharField(label=_("Dasar hukum"), max_length=300)
    first_year = forms.IntegerField(label=_("Tahun evaluasi pertama"), min_value=2000, max_value=2100, required=False)
    last_year = forms.IntegerField(label=_("Tahun evaluasi terakhir"), min_value=2000, max_value=2100, required=False)
    predicate_scale = forms.CharField(label=_("Kode skala predikat"), max_length=40, required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and first > last:
            raise forms.ValidationError(_("Tahun pertama tidak boleh sesudah tahun terakhir."))
        return data


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ("code", "name", "parent", "weight", "order", "certainty", "note")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":  # a parent of the same version only
            version_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Component.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WorksheetVersion)
class WorksheetVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "years_text", "regulation", "is_published", "created_at")
    readonly_fields = ("created_at",)
    inlines = [ComponentInline]
    actions = ["copy_as_new_version", "publish_versions"]
    change_list_template = "pmprb/admin/worksheetversion_change_list.html"

    @admin.display(description=_("tahun evaluasi"))
    def years_text(self, obj):
        return obj.years_text

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("impor/", view, name="pmprb_worksheetversion_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload → preview (areas, sub-areas, questions, answer types, weights, row errors) → import as a draft."""
        from pmprb.importing import DRAFT_KIND, draft_meta, import_pending, preview_pending

        if not self.has_add_permission(request):
            raise PermissionDenied
        form, preview = ImportForm(request.POST or None, request.FILES or None), None
        token = request.POST.get("token", "")
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                if "confirm" in request.POST and upload is None:
                    meta = draft_meta(form.cleaned_data)
                    version, preview = import_pending(request.user, DRAFT_KIND, token, meta)
                    token = ""  # imported or not, the upload is gone
                    if version is not None:
                        self.message_user(
                            request,
                            _("Versi %(code)s diimpor sebagai DRAF; periksa lalu terbitkan.") % {"code": version.code},
                        )
                        return redirect(reverse("admin:pmprb_worksheetversion_change", args=[version.pk]))
                else:
                    preview, token = preview_pending(request.user, DRAFT_KIND, upload, token)
            except pending.NotFound as error:
                form.add_error("workbook", str(error) if token else _("Pilih berkas lembar kerja."))
                token = ""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Impor lembar kerja LKE"),
            "form": form,
            "preview": preview,
            "token": token,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "pmprb/admin/import.html", context)

    @admin.action(description=_("Terbitkan (siap dipakai untuk penilaian)"))
    def publish_versions(self, request, queryset):
        from pmprb.versions import publish

        for version in queryset:
            try:
                publish(version)
                self.message_user(request, _("%(code)s diterbitkan.") % {"code": version.code})
            except WorkflowError as error:
                self.message_user(request, f"{version.code}: {error}", messages.ERROR)

    def save_model(self, request, obj, form, change):
        if obj.is_published and obj.pk:
            problems = publish_problems(obj)
            if problems:
                obj.is_published = False
                self.message_user(
                    request,
                    _("Versi disimpan tetapi TIDAK siap dipakai karena bobot tidak sesuai: ") + " ".join(problems),
                    messages.ERROR,
                )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Salin sebagai versi baru (untuk model LKE berikutnya)"))
    def copy_as_new_version(self, request, queryset):
        from pmprb.versions import copy_version

        for version in queryset:
            with transaction.atomic():
                copy = copy_version(version)
            self.message_user(
                request, _("Disalin sebagai %(code)s; ubah lalu tandai siap dipakai.") % {"code": copy.code}
            )


class SubAreaInline(admin.TabularInline):
    model = SubArea
    extra = 0
    show_change_link = True


@admin.register(LkeArea)
class LkeAreaAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "weight", "component")
    list_filter = ("component__version",)
    inlines = [SubAreaInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("code", "text", "answer_type", "order")
    show_change_link = True


class MappingInline(admin.TabularInline):
    model = SubAreaMapping
    extra = 0


@admin.register(SubArea)
class SubAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "weight", "area")
    list_filter = ("area__component__version", "area")
    search_fields = ("name", "code")
    inlines = [QuestionInline, MappingInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("code", "text", "answer_type", "subarea")
    list_filter = ("answer_type", "subarea__area__component__version", "subarea__area")
    search_fields = ("code", "text")
    inlines = [OptionInline]


class HasilLevelInline(admin.TabularInline):
    model = HasilLevel
    extra = 0


@admin.register(HasilIndicator)
class HasilIndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "weight", "input_max", "component")
    list_filter = ("component__version",)
    inlines = [HasilLevelInline]


@admin.register(SubAreaMapping)
class SubAreaMappingAdmin(admin.ModelAdmin):
    list_display = ("subarea", "area_number", "subprogram_no", "reason")
    list_filter = ("subarea__area__component__version", "area_number")


class AssessmentEventInline(admin.TabularInline):
    model = AssessmentEvent
    extra = 0
    fields = ("at", "user", "action", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("year", "opd", "version", "status", "created_by", "created_at")
    list_filter = ("status", "version")
    readonly_fields = ("created_by", "created_at", "status")
    inlines = [AssessmentEventInline]


@admin.register(QuestionEvidence)
class QuestionEvidenceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("assessment", "question", "original_name", "url", "recorded_by", "recorded_at")
    list_filter = ("assessment",)


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """One row: the kop of the evaluation report."""

    def has_add_permission(self, request):
        return not ReportSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ("recorded_at", "recorded_by", "status", "note", "original_name")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("text", "opd", "due_date", "status")
    list_filter = ("status", "opd")
    search_fields = ("text",)
    inlines = [FollowUpInline]
