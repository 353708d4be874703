from rest_framework import serializers

from .models import TOTAL, BudgetItem, BudgetPlan


def _amount():
    return serializers.DecimalField(max_digits=TOTAL.max_digits, decimal_places=TOTAL.decimal_places,
                                    read_only=True, allow_null=True)


class BudgetItemSerializer(serializers.ModelSerializer):
    variance = _amount()

    class Meta:
        model = BudgetItem
        fields = ["id", "order", "name", "category", "planned_amount", "actual_amount", "variance", "note"]
        read_only_fields = fields


class BudgetPlanSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    planned_total = _amount()
    actual_total = _amount()
    variance = _amount()
    variance_percentage = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)
    items = BudgetItemSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetPlan
        fields = ["id", "year", "title", "note", "owner_org", "owner_org_name", "status", "submitted_at",
                  "signed_off_at", "version", "item_count", "planned_total", "actual_total", "variance",
                  "variance_percentage", "items", "created_at", "updated_at"]
        read_only_fields = fields
