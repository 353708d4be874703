from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(SimpleHistoryAdmin):
    """Read-mostly: status, version and publication fields change only through the workflow engine."""

    list_display = ("title", "category", "status", "publish_at", "expire_at", "owner_org", "created_at")
    list_filter = ("category", "status")
    search_fields = ("title",)
    date_hierarchy = "created_at"
    list_select_related = ("owner_org",)
    readonly_fields = ("status", "version", "published_by", "withdrawn_at", "source_type", "source_id",
                       "source_label", "created_by", "created_at", "updated_at")
    raw_id_fields = ("owner_org",)

    def has_delete_permission(self, request, obj=None):
        return False
