from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ganfutong_admin.orgs.models import OrgUnit

from .models import AccountabilityLink, AccountabilityRecord


class LinkSerializer(serializers.ModelSerializer):
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AccountabilityLink
        fields = ["id", "target_type", "target_id", "target_label", "created_at"]
        read_only_fields = fields

    def get_target_type(self, link) -> str:
        return f"{link.target_type.app_label}.{link.target_type.model}"


class AccountabilitySerializer(serializers.ModelSerializer):
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all(),
                                             label=_("Org unit concerned"))
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    links = LinkSerializer(many=True, read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = AccountabilityRecord
        fields = ["id", "case_number", "title", "owner_org", "owner_org_name", "persons", "facts", "basis",
                  "decision", "decided_on", "links", "version"]
        read_only_fields = ["id", "links"]


class LinkRequestSerializer(serializers.Serializer):
    target_type = serializers.CharField(label=_("Record type"))
    target_id = serializers.IntegerField(label=_("Record id"), min_value=1)
