from django.utils.translation import gettext as _
from rest_framework import serializers

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit

from .forms import ASSET_OR_SERVICE
from .models import AssessmentFinding, Risk, SecurityAssessment


class RiskSerializer(serializers.ModelSerializer):
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.filter(is_active=True))
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    score = serializers.IntegerField(read_only=True)
    level = serializers.CharField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact = serializers.IntegerField(min_value=1, max_value=5)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Risk
        fields = ["id", "owner_org", "owner_org_name", "service", "asset", "threat", "likelihood", "impact", "score",
                  "level", "owner_name", "treatment", "due_on", "status", "overdue", "assessment", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["assessment", "created_at", "updated_at"]

    def validate_owner_org(self, org):
        if not org_units_for(self.context["request"].user, Risk, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(_("You cannot put a record outside your jurisdiction."))
        return org

    def validate(self, data):
        asset = data.get("asset", getattr(self.instance, "asset", ""))
        service = data.get("service", getattr(self.instance, "service", None))
        if not (asset or "").strip() and service is None:
            raise serializers.ValidationError({"asset": [str(ASSET_OR_SERVICE)]})
        org = data.get("owner_org", getattr(self.instance, "owner_org", None))
        if service is not None and org is not None and service.owner_org_id != org.pk:
            raise serializers.ValidationError({"service": [_("The service belongs to another org unit.")]})
        return data


class AssessmentFindingSerializer(serializers.ModelSerializer):
    rectification_status = serializers.CharField(source="rectification.status", read_only=True, default=None)

    class Meta:
        model = AssessmentFinding
        fields = ["id", "order", "description", "rectification", "rectification_status"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    findings = AssessmentFindingSerializer(many=True, read_only=True)

    class Meta:
        model = SecurityAssessment
        fields = ["id", "title", "kind", "owner_org", "owner_org_name", "assessed_on", "assessor", "summary",
                  "findings", "created_at"]
        read_only_fields = fields
