from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import rules
from core.errors import WorkflowError
from monev import periods as period_steps
from monev.models import Evidence, OPDProposal, Period, PeriodReopening, Realisation, ReportEvent


class ReopeningInline(admin.TabularInline):
    model = PeriodReopening
    extra = 0
    fields = ("opd", "reason", "reopened_by", "reopened_at", "closed_at")
    readonly_fields = ("reopened_by", "reopened_at")
    autocomplete_fields = ("opd",)
    can_delete = False


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    """Lock and unlock are buttons on the period's page (templates/admin/monev/period/change_form.html);
    a locked period's dates cannot be changed; the list shows the OPDs a period is reopened for."""

    list_display = ("__str__", "opens_on", "deadline", "locked_at", "reopened_for")
    list_filter = ("year", "semester")
    actions = ["lock_periods", "unlock_periods"]
    inlines = [ReopeningInline]
    readonly_fields = ("locked_at",)
    change_form_template = "admin/monev/period/change_form.html"

    def get_queryset(self, request):
        still_open = PeriodReopening.objects.filter(closed_at__isnull=True).select_related("opd")
        return super().get_queryset(request).prefetch_related(Prefetch("reopenings", still_open, "open_reopenings"))

    @admin.display(description=_("dibuka kembali untuk"))
    def reopened_for(self, period) -> str:
        return ", ".join(r.opd.short_name for r in period.open_reopenings) or "—"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return ("roadmap", "year", "semester", "opens_on", "deadline", "locked_at")
        return self.readonly_fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget.can_delete_related = False  # no one-click delete of the roadmap
        return formfield

    def get_urls(self):
        own = [
            path("<int:pk>/kunci/", self.admin_site.admin_view(self.lock_view), name="monev_period_lock"),
            path("<int:pk>/buka-kunci/", self.admin_site.admin_view(self.unlock_view), name="monev_period_unlock"),
        ]
        return own + super().get_urls()

    def _step(self, request, pk: int, step, done: str, then=None):
        period = get_object_or_404(Period, pk=pk)
        try:
            step(request.user, period)
            self.message_user(request, done % {"period": period}, messages.SUCCESS)
            if then is not None:
                then(request, period)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        return redirect("admin:monev_period_change", period.pk)

    def lock_view(self, request, pk: int):
        done = _("Periode %(period)s dikunci.")
        return require_POST(lambda r: self._step(r, pk, period_steps.lock, done, then=self._warn_waiting))(request)

    def _warn_waiting(self, request, period: Period) -> None:
        """After a lock: what still waits, with a link to it in the verification queue."""
        warning = period_steps.lock_warning(period)
        if warning:
            link = format_html(
                '{}: {} <a href="{}">{}</a>',
                period,
                warning,
                period_steps.waiting_url(period),
                gettext("Lihat laporan yang menunggu verifikasi"),
            )
            self.message_user(request, link, messages.WARNING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Before the lock the page says what will still be waiting (admin/monev/period/change_form.html)."""
        period = Period.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = extra_context or {}
        if period is not None and not period.is_locked:
            extra_context["lock_warning"] = period_steps.lock_warning(period)
            extra_context["waiting_url"] = period_steps.waiting_url(period)
        return super().change_view(request, object_id, form_url, extra_context)

    def unlock_view(self, request, pk: int):
        return require_POST(lambda r: self._step(r, pk, period_steps.unlock, _("Kunci periode %(period)s dibuka.")))(
            request
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked and not rules.is_administrator(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # periods carry reports; they are locked, never deleted

    def save_formset(self, request, form, formset, change):
        for reopening in formset.save(commit=False):
            if reopening.pk is None:
                reopening.reopened_by = request.user
            reopening.save()
        formset.save_m2m()

    @admin.action(description=_("Kunci periode terpilih"))
    def lock_periods(self, request, queryset):
        count = 0
        for period in queryset.filter(locked_at__isnull=True):
            try:
                period_steps.lock(request.user, period)
            except WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            count += 1
            self._warn_waiting(request, period)
        self.message_user(request, _("%(n)d periode dikunci.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Buka kunci periode terpilih (hanya Administrator)"))
    def unlock_periods(self, request, queryset):
        if not rules.is_administrator(request.user):
            self.message_user(request, _("Hanya Administrator yang dapat membuka kunci."), messages.ERROR)
            return
        count = queryset.update(locked_at=None)
        self.message_user(request, _("%(n)d periode dibuka kuncinya.") % {"n": count}, messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reports change only through the workflow (history, locks, versions); the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ("at", "actor", "action", "changes", "note")
    readonly_fields = fields
    can_delete = False  # the history is hash-chained: a removed row breaks it (manage.py verify_history)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Realisation)
class RealisationAdmin(ReadOnlyAdmin):
    list_display = ("period", "opd", "activity", "indicator", "status", "updated_at")
    list_filter = ("period", "status", "opd")
    search_fields = ("narrative", "obstacles", "activity__kegiatan", "indicator__name")
    list_select_related = ("period", "opd", "activity__area", "indicator__focus_item__priority")
    inlines = [ReportEventInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "realisation", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name", "sha256")
    list_select_related = ("realisation__period", "realisation__opd", "uploaded_by")


@admin.register(OPDProposal)
class OPDProposalAdmin(ReadOnlyAdmin):
    list_display = ("opd", "area", "kegiatan", "status", "proposed_at")
    list_filter = ("status", "opd", "area")
