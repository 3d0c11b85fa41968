from django.contrib import admin

from actionplan.models import Activity, ActivityOPD, Program, ProgramItem
from roadmap.admin import PerbupAdmin


class ActivityOPDInline(admin.TabularInline):
    model = ActivityOPD
    extra = 0
    autocomplete_fields = ("opd",)


@admin.register(Activity)
class ActivityAdmin(PerbupAdmin):
    list_display = ("reference", "kegiatan", "output_target", "continuation", "source_line")
    list_filter = ("area", "continuation", "opds", "subprogram")
    search_fields = ("kegiatan", "criteria", "output_target", "subprogram")
    readonly_fields = ("source_line", "inferred", "notes")
    list_select_related = ("area",)
    inlines = [ActivityOPDInline]


class ProgramItemInline(admin.TabularInline):
    model = ProgramItem
    extra = 0


@admin.register(Program)
class ProgramAdmin(PerbupAdmin):
    list_display = ("number", "name")
    search_fields = ("name", "items__text")
    readonly_fields = ("source_line", "notes")
    inlines = [ProgramItemInline]
