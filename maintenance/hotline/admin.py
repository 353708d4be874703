"""Read-mostly admin. Citizens' personal data never appears here in clear: the encrypted fields are left out of
every form (also simple-history's "view this version" form) and shown masked; statuses move only through the
workflow pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import BadReview, WorkOrder, WorkOrderExtension
from .privacy import mask_free_text, masked_citizen

PERSONAL_FIELDS = ("citizen_name", "citizen_phone", "citizen_id_number", "phone_hash")


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("reference", "type", "masked_title", "owner_org", "status", "due_at", "masked_phone")
    list_filter = ("status", "type", "source")
    list_select_related = ("owner_org",)
    search_fields = ("hotline_id",)
    exclude = PERSONAL_FIELDS + ("title", "content", "reply")
    readonly_fields = ("reference", "masked_title", "masked_name", "masked_phone", "masked_id_number",
                       "hotline_id", "source", "type", "service", "owner_org", "status", "version", "received_at",
                       "dispatched_at", "ack_due_at", "due_at", "acknowledged_at", "replied_at", "satisfaction",
                       "callback_at", "reopen_count", "created_by", "created_at", "updated_at")

    @admin.display(description=_("title"))
    def masked_title(self, obj):
        return mask_free_text(obj.title)

    @admin.display(description=_("citizen name"))
    def masked_name(self, obj):
        return masked_citizen(obj)["name"]

    @admin.display(description=_("citizen phone"))
    def masked_phone(self, obj):
        return masked_citizen(obj)["phone"]

    @admin.display(description=_("citizen ID number"))
    def masked_id_number(self, obj):
        return masked_citizen(obj)["id_number"]


@admin.register(WorkOrderExtension)
class WorkOrderExtensionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("work_order", "requested_days", "status", "requested_at", "decided_at")
    list_filter = ("status",)
    readonly_fields = ("work_order", "requested_days", "reason", "status", "requested_by", "due_before",
                       "due_after", "decided_by", "decided_at", "decision_comment")


@admin.register(BadReview)
class BadReviewAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "owner_org", "rating", "status", "excluded", "created_at")
    list_filter = ("status", "excluded", "rating")
    list_select_related = ("owner_org", "work_order")
    exclude = ("comment",)
    readonly_fields = ("work_order", "case_number", "owner_org", "rating", "rectification", "status", "excluded",
                       "appeal_reason", "appealed_at", "decided_at", "decided_by", "decision_comment", "version")
