from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import AssignmentChange, Indicator, IndicatorOPD, ReportingAssignment, Scale, ScaleLevel, Target
from roadmap.admin import PerbupAdmin


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


@admin.register(Scale)
class ScaleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "basis")
    search_fields = ("code", "name")
    inlines = [ScaleLevelInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("year", "raw_text", "value", "unit", "level")
    readonly_fields = ("raw_text",)
    max_num = 5
    can_delete = False


class IndicatorOPDInline(admin.TabularInline):
    model = IndicatorOPD
    extra = 0
    autocomplete_fields = ("opd",)


class ReportingAssignmentInline(admin.TabularInline):
    """The Pemda's penanggung jawab data: every change needs a reason and is kept in the history below."""

    model = ReportingAssignment
    extra = 0
    fields = ("opd", "position", "quick_win", "reason", "changed_by", "changed_at")
    readonly_fields = ("changed_by", "changed_at")
    autocomplete_fields = ("opd",)
    verbose_name_plural = _("Penanggung jawab data — ditetapkan Pemda, bukan Perbup")


class AssignmentChangeInline(admin.TabularInline):
    model = AssignmentChange
    extra = 0
    fields = ("at", "action", "opd", "reason", "actor")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(PerbupAdmin):
    list_display = ("section", "order", "name", "sasaran", "scale", "unit", "periodicity", "regency_wide")
    list_filter = (
        "focus_item__priority",
        "focus_item",
        "scale",
        "opds",
        "periodicity",
        "regency_wide",
        "targets__year",
    )
    search_fields = ("name", "sasaran", "subheading")
    readonly_fields = ("source_line", "notes")
    inlines = [TargetInline, IndicatorOPDInline, ReportingAssignmentInline, AssignmentChangeInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ReportingAssignment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            _log(removed, AssignmentChange.Action.REMOVED, request.user)
            removed.delete()
        for assignment in instances:
            action = AssignmentChange.Action.ADDED if assignment.pk is None else AssignmentChange.Action.CHANGED
            assignment.changed_by, assignment.changed_at = request.user, timezone.now()
            assignment.save()
            _log(assignment, action, request.user)
        formset.save_m2m()

    @admin.display(description=_("bagian"), ordering="focus_item__priority__number")
    def section(self, obj: Indicator) -> str:
        return obj.focus_item.section_code

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("focus_item__priority", "scale").distinct()


@admin.register(Target)
class TargetAdmin(PerbupAdmin):
    list_display = ("indicator", "year", "raw_text", "value", "unit", "level")
    list_filter = ("year", "indicator__focus_item", "indicator__scale")
    search_fields = ("raw_text", "indicator__name")
    readonly_fields = ("raw_text",)
    list_select_related = ("indicator__focus_item__priority", "level")


def _log(assignment: ReportingAssignment, action: str, user) -> None:
    AssignmentChange.objects.create(
        indicator=assignment.indicator, opd=assignment.opd, action=action, reason=assignment.reason, actor=user
    )


@admin.register(AssignmentChange)
class AssignmentChangeAdmin(admin.ModelAdmin):
    """The history of the Pemda's reporting decisions: read only."""

    list_display = ("at", "indicator", "opd", "action", "actor", "reason")
    list_filter = ("action", "opd")
    list_select_related = ("indicator__focus_item__priority", "opd", "actor")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
