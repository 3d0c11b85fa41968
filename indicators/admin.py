from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, IndicatorOPD, Scale, ScaleLevel, Target
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


@admin.register(Indicator)
class IndicatorAdmin(PerbupAdmin):
    list_display = ("section", "order", "name", "sasaran", "scale", "unit")
    list_filter = ("focus_item__priority", "focus_item", "scale", "opds", "targets__year")
    search_fields = ("name", "sasaran", "subheading")
    readonly_fields = ("source_line", "notes")
    inlines = [TargetInline, IndicatorOPDInline]

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
