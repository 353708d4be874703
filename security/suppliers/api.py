"""Suppliers over the API (read): with their confidentiality agreement and personnel."""

from django.db.models import Prefetch
from rest_framework import serializers

from ganfutong_admin.core.api import ScopedReadOnlyViewSet

from .models import Supplier, SupplierPerson


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplierPerson
        fields = ["id", "name", "position", "core_data_access", "check_done_on", "check_result", "check_expires_on"]
        read_only_fields = fields


class SupplierSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    nda_state = serializers.CharField(read_only=True)
    people = PersonSerializer(many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = ["id", "name", "credit_code", "owner_org", "contact", "scope_of_work", "nda_signed_on",
                  "nda_expires_on", "nda_state", "people", "created_at", "updated_at"]
        read_only_fields = fields


class SupplierViewSet(ScopedReadOnlyViewSet):
    queryset = Supplier.objects.all()
    serializer_class = SupplierSerializer

    def scoped_queryset(self, queryset):
        return (queryset.select_related("owner_org")
                .prefetch_related(Prefetch("people", queryset=SupplierPerson.objects.order_by("name", "pk")))
                .order_by("owner_org__path", "name", "pk"))
