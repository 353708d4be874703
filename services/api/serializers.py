from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit

from ..forms import clean_http_url
from ..models import SelfTestReport, SelfTestResult, Service, StandardItem, TechStandard, filed_field_errors

OUTSIDE_SCOPE = _("You cannot put a record outside your jurisdiction.")


class ServiceSerializer(serializers.ModelSerializer):
    owner_org = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    standard = serializers.SlugRelatedField(slug_field="version", read_only=True)

    class Meta:
        model = Service
        fields = ["id", "code", "name", "owner_org", "owner_org_name", "zone", "category", "entry_url",
                  "description", "status", "standard", "listed_at", "delisted_at", "version",
                  "created_at", "updated_at"]
        # The status moves only through filings and the workflow; the standard through self-tests.
        read_only_fields = ["id", "status", "standard", "listed_at", "delisted_at", "version",
                            "created_at", "updated_at"]
        extra_kwargs = {"code": {"validators": []}}  # checked in validate_code, case-insensitively

    def validate_owner_org(self, org):
        user = self.context["request"].user
        if not org_units_for(user, Service, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(OUTSIDE_SCOPE)
        return org

    def validate_code(self, code):
        code = code.strip()
        clash = Service.objects.filter(code__iexact=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                _("The service code “%(code)s” is already used by another service.") % {"code": code})
        return code

    def validate_entry_url(self, value):
        try:
            return clean_http_url(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(list(exc.messages)) from None

    def validate(self, attrs):
        # A listed service's name, code and entry URL change only through an approved update filing (第十一条).
        errors = filed_field_errors(self.instance, attrs)
        if errors:
            raise serializers.ValidationError({name: [message] for name, message in errors.items()})
        return attrs


class StandardItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandardItem
        fields = ["id", "order", "text", "required"]
        read_only_fields = ["id", "order"]


class TechStandardSerializer(serializers.ModelSerializer):
    items = StandardItemSerializer(many=True)

    class Meta:
        model = TechStandard
        fields = ["id", "version", "title", "published_on", "in_force", "note", "items", "created_at"]
        # A new version is put in force through the activate action only.
        read_only_fields = ["id", "in_force", "created_at"]
        extra_kwargs = {"version": {"validators": []}}

    def validate_version(self, version):
        version = version.strip()
        if TechStandard.objects.filter(version__iexact=version).exists():
            raise serializers.ValidationError(_("Version %(version)s already exists.") % {"version": version})
        return version

    def validate_items(self, items):
        texts = [item["text"].strip() for item in items]
        if not texts or not all(texts):
            raise serializers.ValidationError(_("A version needs at least one check item, and no empty item."))
        if len(set(texts)) != len(texts):
            raise serializers.ValidationError(_("A check item is listed twice."))
        return items

    def create(self, validated_data):
        items = validated_data.pop("items")
        standard = TechStandard.objects.create(in_force=False, created_by=self.context["request"].user,
                                               **validated_data)
        for order, item in enumerate(items, start=1):
            StandardItem.objects.create(standard=standard, order=order, text=item["text"].strip(),
                                        required=item.get("required", True))
        return standard


class SelfTestResultSerializer(serializers.ModelSerializer):
    item_text = serializers.CharField(source="item.text", read_only=True)
    required = serializers.BooleanField(source="item.required", read_only=True)
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = SelfTestResult
        fields = ["item", "item_text", "required", "passed", "note", "evidence_url"]

    def get_evidence_url(self, result) -> str | None:
        if not result.evidence:
            return None
        return reverse("services:selftest-evidence", args=[result.report_id, result.pk])


class SelfTestResultInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    passed = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SelfTestReportSerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(read_only=True)
    service_code = serializers.CharField(source="service.code", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    standard = serializers.CharField(source="standard.version", read_only=True)
    owner_org = serializers.CharField(source="owner_org.code", read_only=True)
    results = SelfTestResultSerializer(many=True, read_only=True)

    class Meta:
        model = SelfTestReport
        fields = ["id", "service", "service_code", "service_name", "standard", "owner_org", "tested_on", "tester",
                  "summary", "passed", "results", "created_at"]
        read_only_fields = fields


class SelfTestReportCreateSerializer(serializers.Serializer):
    """POST: a self-test of one service against every checklist item of the standard in force.
    Evidence files are attached on the web page; the API records results and notes."""

    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.none())
    tested_on = serializers.DateField()
    tester = serializers.CharField(max_length=100)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    results = SelfTestResultInputSerializer(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only services the caller may self-test; any other id is "does not exist".
            self.fields["service"].queryset = Service.objects.visible_to(request.user, "add_selftestreport")

    def validate_tested_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The test date cannot be in the future."))
        return value

    def validate(self, data):
        standard = TechStandard.current()
        if standard is None:
            raise serializers.ValidationError(
                _("No technical management standard is in force; a self-test cannot be recorded yet."))
        items = {item.pk: item for item in standard.items.all()}
        given = [r["item"] for r in data["results"]]
        problems = []
        if len(set(given)) != len(given):
            problems.append(_("An item is given more than once."))
        unknown = sorted(set(given) - set(items))
        if unknown:
            problems.append(_("Items %(items)s are not in the checklist of the standard in force (%(version)s).")
                            % {"items": ", ".join(map(str, unknown)), "version": standard.version})
        missing = sorted(set(items) - set(given))
        if missing:
            problems.append(_("Every checklist item needs a result; missing: %(items)s.")
                            % {"items": ", ".join(map(str, missing))})
        for r in data["results"]:
            if not r["passed"] and not r.get("note", "").strip():
                problems.append(_("Item %(item)s failed: say what failed in its note.") % {"item": r["item"]})
        if problems:
            raise serializers.ValidationError({"results": problems})
        data["standard"] = standard
        data["items"] = items
        return data
