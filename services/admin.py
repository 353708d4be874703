"""Read-mostly admin: status, versions and "in force" change only through the workflow and the standard pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    FILED_FIELDS,
    FILED_STATES,
    SelfTestReport,
    SelfTestResult,
    Service,
    ServiceChangeFiling,
    ServiceListFiling,
    StandardItem,
    TechStandard,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "owner_org", "zone", "category", "status", "standard", "listed_at")
    list_filter = ("status", "category")
    search_fields = ("code", "name")
    list_select_related = ("owner_org", "standard")
    raw_id_fields = ("owner_org",)
    readonly_fields = ("status", "version", "standard", "listed_at", "delisted_at", "created_by", "created_at",
                       "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # A listed (or ready) service's name, code and entry URL change only through an approved update filing.
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status in FILED_STATES:
            return (*fields, *FILED_FIELDS)
        return fields


class StandardItemInline(admin.TabularInline):
    model = StandardItem
    extra = 0


@admin.register(TechStandard)
class TechStandardAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("version", "title", "published_on", "in_force")
    readonly_fields = ("in_force", "created_by", "created_at")
    inlines = [StandardItemInline]


class SelfTestResultInline(admin.TabularInline):
    model = SelfTestResult
    extra = 0
    can_delete = False
    readonly_fields = ("item", "passed", "note", "evidence")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SelfTestReport)
class SelfTestReportAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("service", "standard", "tested_on", "tester", "passed", "owner_org")
    list_filter = ("passed", "standard")
    search_fields = ("service__name", "service__code")
    list_select_related = ("service", "standard", "owner_org")
    readonly_fields = ("service", "standard", "owner_org", "passed", "created_by", "created_at", "updated_at")
    inlines = [SelfTestResultInline]


@admin.register(ServiceListFiling)
class ServiceListFilingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("filing", "period")
    raw_id_fields = ("filing",)
    filter_horizontal = ("services",)


@admin.register(ServiceChangeFiling)
class ServiceChangeFilingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("filing", "service", "change", "planned_on", "carried_out_at")
    list_filter = ("change",)
    raw_id_fields = ("filing", "service", "self_test")
    readonly_fields = ("carried_out_at",)
