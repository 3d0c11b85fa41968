from django.contrib import admin

from snapshots.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read only: a snapshot is what was signed, never edited."""

    list_display = ("title", "kind", "taken_at", "taken_by", "replaced_by", "withdrawn_at")
    list_filter = ("kind",)
    search_fields = ("title", "token", "content_sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
