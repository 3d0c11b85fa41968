from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pmprb.models import (
    Assessment,
    Component,
    FollowUp,
    HasilIndicator,
    HasilLevel,
    LkeArea,
    Option,
    Question,
    Recommendation,
    SubArea,
    SubAreaMapping,
    WorksheetVersion,
)


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


@admin.register(WorksheetVersion)
class WorksheetVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "regulation", "is_published", "created_at")
    readonly_fields = ("created_at",)
    inlines = [ComponentInline]
    actions = ["copy_as_new_version"]

    def save_model(self, request, obj, form, change):
        if obj.is_published and obj.pk:
            problems = obj.weight_problems()
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


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("year", "version", "status", "created_by", "created_at")
    readonly_fields = ("created_by", "created_at")


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
