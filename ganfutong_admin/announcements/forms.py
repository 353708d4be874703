from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import Announcement, sanitize_html

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

BODY_HELP = _(
    "Kept: paragraphs, line breaks, bold, italic, underline, level-3 and level-4 headings, lists, quotes, "
    "tables and links (http, https, mailto). Everything else (scripts, styles, images, event attributes, "
    "javascript: links) is removed when the announcement is saved."
)


def default_owner(user, choices):
    """The operator's org unit when the user may own records there, else the user's own unit."""
    operator = choices.filter(kind=OrgKind.OPERATOR).order_by("path").first()
    if operator is not None:
        return operator
    if user.org_unit_id and choices.filter(pk=user.org_unit_id).exists():
        return user.org_unit
    return None


def validate_times(publish_at, expire_at, now=None):
    """Problems with the publication window, as {field: message}."""
    now = now or timezone.now()
    errors = {}
    if expire_at is not None:
        if publish_at is not None and expire_at <= publish_at:
            errors["expire_at"] = _("The expiry time must be after the publication time.")
        elif expire_at <= now:
            errors["expire_at"] = _("The expiry time has already passed; choose a later time or leave it empty.")
    return errors


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class AnnouncementForm(VersionedFormMixin, forms.ModelForm):
    """A draft announcement. Status, publisher and withdrawal are set by the workflow, never here."""

    class Meta:
        model = Announcement
        fields = ["owner_org", "title", "category", "body", "publish_at", "expire_at"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "publish_at": DateTimeLocalInput(),
            "expire_at": DateTimeLocalInput(),
        }
        help_texts = {
            "publish_at": _("Leave empty to publish as soon as the publish button is pressed. A future time "
                            "schedules the announcement: it becomes public at that time by itself."),
            "expire_at": _("Optional. After this time the announcement leaves the public feed."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owner = self.fields["owner_org"]
        owner.queryset = org_units_for(user, Announcement, "add").order_by("path")
        owner.label = _("Publishing org unit")
        self.fields["body"].help_text = BODY_HELP
        if not self.instance.pk:
            initial = default_owner(user, owner.queryset)
            if initial is not None:
                self.initial["owner_org"] = initial.pk
        for name in ("publish_at", "expire_at"):
            self.fields[name].input_formats = [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean_body(self):
        body = sanitize_html(self.cleaned_data.get("body", ""))
        if not body.strip():
            raise forms.ValidationError(_("The body is empty once disallowed content is removed."))
        return body

    def clean(self):
        data = super().clean()
        for field, message in validate_times(data.get("publish_at"), data.get("expire_at")).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


def operator_unit():
    return OrgUnit.objects.filter(kind=OrgKind.OPERATOR, is_active=True).order_by("path").first()
