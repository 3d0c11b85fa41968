from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.translation import gettext_lazy as _

from core.resources import ImportTemplateMixin, SpreadsheetImportMixin
from roadmap.models import (
    OPD,
    ChangeArea,
    FocusItem,
    FocusItemOPD,
    FocusPriority,
    QuickWin,
    QuickWinOPD,
)
from roadmap.resources import OPDResource

SOURCE_FIELDS = ("source_line",)


class PerbupAdmin(admin.ModelAdmin):
    """Master data transcribed from the Perbup is changed one row at a time: no bulk actions, so a
    slip of "select all → delete" cannot erase the transcription (reports protect only reported rows)."""

    actions = None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """No one-click delete beside a relation (e.g. an area's roadmap): deleting master data is
        done on its own page, where the admin shows what it would take with it."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget.can_delete_related = False
        return formfield


# Roadmap itself is registered by perbup/admin.py, with its workbook import and "Aktifkan" (perbup's code,
# which this lower app does not import).


@admin.register(OPD)
class OPDAdmin(ImportTemplateMixin, SpreadsheetImportMixin, PerbupAdmin):
    resource_classes = [OPDResource]
    import_example = ["Dinkes", "Dinas Kesehatan", "Dinas Kesehatan Kabupaten Pasuruan", "tidak"]
    list_display = ("short_name", "name", "named_in_perbup", "ended_on", "succeeded_by")
    list_filter = ("named_in_perbup", ("ended_on", admin.EmptyFieldListFilter))
    search_fields = ("short_name", "name", "aliases")
    readonly_fields = ("source_lines", "ended_on", "succeeded_by")

    def get_readonly_fields(self, request, obj=None):
        # A unit that has reported keeps its name: renaming it in place would rewrite its reports' history.
        if obj is not None and obj.realisations.exists():
            return (*self.readonly_fields, "short_name", "name")
        return self.readonly_fields


@admin.register(ChangeArea)
class ChangeAreaAdmin(PerbupAdmin):
    list_display = ("number", "name", "program", "roadmap")
    list_filter = ("roadmap",)
    search_fields = ("name", "program", "expected_result")
    readonly_fields = ("source_line", "name_inferred", "program_inferred", "notes")


class FocusItemInline(admin.TabularInline):
    model = FocusItem
    extra = 0
    fields = ("code", "title", "source_line")
    readonly_fields = SOURCE_FIELDS
    show_change_link = True


@admin.register(FocusPriority)
class FocusPriorityAdmin(PerbupAdmin):
    list_display = ("number", "title", "roadmap")
    readonly_fields = SOURCE_FIELDS
    inlines = [FocusItemInline]


class FocusItemOPDInline(admin.TabularInline):
    model = FocusItemOPD
    extra = 0
    autocomplete_fields = ("opd",)


@admin.register(FocusItem)
class FocusItemAdmin(PerbupAdmin):
    list_display = ("section_code", "title", "priority")
    list_filter = ("priority",)
    search_fields = ("title", "heading_text")
    readonly_fields = ("source_line", "opd_source", "heading_text")
    inlines = [FocusItemOPDInline]

    @admin.display(description=_("bagian"), ordering="priority__number")
    def section_code(self, obj: FocusItem) -> str:
        return obj.section_code

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("priority")


class QuickWinOPDInline(admin.TabularInline):
    model = QuickWinOPD
    extra = 0
    autocomplete_fields = ("opd",)


@admin.register(QuickWin)
class QuickWinAdmin(PerbupAdmin):
    list_display = ("number", "text", "source")
    list_filter = ("source",)
    search_fields = ("text", "criteria", "indicator")
    readonly_fields = SOURCE_FIELDS
    inlines = [QuickWinOPDInline]
