"""Read-only admin of filings and rectifications: the bench compares the lists with these changelists (issue 9).
Statuses move only through the workflow pages."""

from django.contrib import admin

from .models import Filing, Rectification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ("reference", "kind", "title", "owner_org", "status", "due_at", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("owner_org",)
    search_fields = ("reference", "title")


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner_org", "status", "due_at", "created_at")
    list_filter = ("status",)
    list_select_related = ("owner_org",)
    search_fields = ("title",)
