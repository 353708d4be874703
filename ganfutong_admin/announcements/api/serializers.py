from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgUnit

from ..filters import AnnouncementState, state_label, state_of
from ..forms import validate_times
from ..models import Announcement, sanitize_html


class AnnouncementSerializer(serializers.ModelSerializer):
    """An announcement. Only drafts are written through this serializer; status changes go through
    POST /announcements/{id}/transitions/. `version` is the version the client last read: required to
    update, refused with 409 when someone changed the record in the meantime."""

    owner_org = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), required=False,
        help_text=_("Code of the publishing org unit; the platform operator when omitted."),
    )
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    body = serializers.CharField(help_text=_(
        "HTML; only basic formatting is kept (paragraphs, lists, links, headings, tables), the rest is removed."))
    published_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                help_text=_("Username of the publisher."))
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                              help_text=_("Username of the author."))
    source_type = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Announcement
        fields = [
            "id", "title", "category", "category_label", "body", "status", "state", "state_label",
            "owner_org", "owner_org_name", "publish_at", "expire_at", "published_by", "withdrawn_at",
            "source_type", "source_id", "source_label", "version", "created_by", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "status", "published_by", "withdrawn_at", "source_id", "source_label",
                            "created_by", "created_at", "updated_at"]

    @extend_schema_field(serializers.ChoiceField(choices=AnnouncementState.choices, help_text=_(
        "Computed from the status and the times; a scheduled announcement is public once publish_at passes.")))
    def get_state(self, obj):
        return getattr(obj, "state", None) or state_of(obj).value

    def get_state_label(self, obj) -> str:
        return str(state_label(self.get_state(obj)))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_source_type(self, obj):
        """`app_label.model` of the record announced (e.g. workflow.filing), if any."""
        if obj.source_type_id is None:
            return None
        return f"{obj.source_type.app_label}.{obj.source_type.model}"

    def validate_owner_org(self, org):
        user = self.context["request"].user
        if not org_units_for(user, Announcement, "add").filter(pk=org.pk).exists():
            raise serializers.ValidationError(_("You cannot put a record outside your jurisdiction."))
        return org

    def validate_body(self, value):
        body = sanitize_html(value)
        if not body.strip():
            raise serializers.ValidationError(_("The body is empty once disallowed content is removed."))
        return body

    def validate(self, attrs):
        instance = self.instance
        publish_at = attrs.get("publish_at", instance.publish_at if instance else None)
        expire_at = attrs.get("expire_at", instance.expire_at if instance else None)
        errors = validate_times(publish_at, expire_at, publish_at_given="publish_at" in attrs)
        if errors:
            raise serializers.ValidationError(errors)
        if instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("version is required.")]})
        return attrs
