from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ganfutong_admin.orgs.models import OrgUnit

from .models import (
    FindingResult,
    Inspection,
    InspectionFinding,
    InspectionKind,
    InspectionTemplate,
    InspectionTemplateItem,
    Severity,
)
from .policy import may_record

OUTSIDE_SCOPE = _("You cannot put a record outside your jurisdiction.")


class TemplateItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionTemplateItem
        fields = ["id", "order", "text"]
        read_only_fields = fields


class InspectionTemplateSerializer(serializers.ModelSerializer):
    items = TemplateItemSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionTemplate
        fields = ["id", "name", "kind", "description", "is_active", "items", "created_at", "updated_at"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    rectification_status = serializers.CharField(source="rectification.status", read_only=True, default=None)
    rectification_due_at = serializers.DateTimeField(source="rectification.due_at", read_only=True, default=None)

    class Meta:
        model = InspectionFinding
        fields = ["id", "template_item", "check_item", "result", "severity", "description", "rectification",
                  "rectification_status", "rectification_due_at"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer):
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    template_name = serializers.CharField(source="template.name", read_only=True)
    inspector = serializers.CharField(source="inspector.username", read_only=True)
    problem_count = serializers.IntegerField(read_only=True)
    has_open_problems = serializers.BooleanField(read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "kind", "template", "template_name", "owner_org", "owner_org_name", "inspected_on",
                  "inspector", "summary", "status", "rectification_working_days", "completed_at", "version",
                  "problem_count", "has_open_problems", "findings", "created_at", "updated_at"]
        read_only_fields = fields


class FindingInputSerializer(serializers.Serializer):
    template_item = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             help_text=_("A checklist item of the template; empty for a finding "
                                                         "outside the checklist."))
    check_item = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                       help_text=_("What was checked (findings outside the checklist only)."))
    result = serializers.ChoiceField(choices=FindingResult.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class InspectionCreateSerializer(serializers.Serializer):
    """POST: a draft inspection with one finding per checklist item of the template (and any free findings)."""

    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    template = serializers.PrimaryKeyRelatedField(queryset=InspectionTemplate.objects.none())
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.filter(is_active=True),
                                             help_text=_("Code of the inspected org unit."))
    inspected_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    rectification_working_days = serializers.IntegerField(min_value=1, max_value=120, required=False)
    findings = FindingInputSerializer(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["template"].queryset = InspectionTemplate.objects.visible_to(request.user).filter(
                is_active=True)

    def validate_inspected_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The inspection date cannot be in the future."))
        return value

    def validate(self, data):
        user = self.context["request"].user
        template, kind = data["template"], data["kind"]
        if template.kind != kind:
            raise serializers.ValidationError({"template": [_("This template is for another kind of inspection.")]})
        if not may_record(user, kind, data["owner_org"]):
            raise serializers.ValidationError({"owner_org": [OUTSIDE_SCOPE]})
        items = {item.pk: item for item in template.items.all()}
        given = [f["template_item"] for f in data["findings"] if f["template_item"] is not None]
        problems = []
        if len(set(given)) != len(given):
            problems.append(_("A checklist item is given more than once."))
        unknown = sorted(set(given) - set(items))
        if unknown:
            problems.append(_("Items %(items)s are not in the checklist of this template.")
                            % {"items": ", ".join(map(str, unknown))})
        missing = sorted(set(items) - set(given))
        if missing:
            problems.append(_("Every checklist item needs a result; missing: %(items)s.")
                            % {"items": ", ".join(map(str, missing))})
        for number, f in enumerate(data["findings"], start=1):
            if f["template_item"] is None and not f["check_item"].strip():
                problems.append(_("Finding %(n)s is outside the checklist: say what was checked in check_item.")
                                % {"n": number})
            if f["result"] == FindingResult.PROBLEM and not (f["severity"] and f["description"].strip()):
                problems.append(_("Finding %(n)s is a problem: it needs a severity and a description.")
                                % {"n": number})
        if not data["findings"]:
            problems.append(_("Record at least one finding."))
        if problems:
            raise serializers.ValidationError({"findings": problems})
        data["items"] = items
        return data


class CompleteRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    working_days = serializers.IntegerField(min_value=1, max_value=120, required=False, allow_null=True,
                                            default=None)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
