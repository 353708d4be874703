from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "full_name", "org_unit", "is_active", "last_login")
    list_filter = ("is_active", "groups", "org_unit__kind")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("org_unit",)
    fieldsets = BaseUserAdmin.fieldsets + (("赣服通", {"fields": ("org_unit", "full_name", "phone")}),)

    def get_readonly_fields(self, request, obj=None):
        # Roles and permissions are the security administrator's role page's (三员分立): a system role that reaches
        # the demo's admin does not grant them here.
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, "groups", "user_permissions", "is_superuser", "is_staff")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")
