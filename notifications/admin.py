from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications import outbox
from notifications.models import Notification, OutboxMessage, OutboxStatus, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "message", "created_at", "read_at", "emailed")
    list_filter = ("kind", "emailed")
    list_select_related = ("recipient",)
    search_fields = ("message", "recipient__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_enabled")
    list_select_related = ("user",)


class HasErrorFilter(admin.SimpleListFilter):
    title = _("pernah gagal")
    parameter_name = "gagal"

    def lookups(self, request, model_admin):
        return [("ya", _("ya")), ("tidak", _("tidak"))]

    def queryset(self, request, queryset):
        if self.value() == "ya":
            return queryset.exclude(last_error="") | queryset.filter(status=OutboxStatus.FAILED)
        if self.value() == "tidak":
            return queryset.filter(last_error="").exclude(status=OutboxStatus.FAILED)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Every e-mail the application sends, with its delivery state: failures are seen here."""

    list_display = ("created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    list_filter = ("status", HasErrorFilter)
    search_fields = ("to", "cc", "subject")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # Nothing is edited by hand: the change right only allows "send again".
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Kirim ulang sekarang"), permissions=["change"])
    def send_again(self, request, queryset):
        count = outbox.retry_now(queryset)
        self.message_user(request, _("%(n)d e-mail dimasukkan lagi ke antrean kirim.") % {"n": count}, messages.SUCCESS)
