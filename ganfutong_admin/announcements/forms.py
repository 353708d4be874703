from django import forms
from django.db.models import Case, Value, When
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
    """The user's own unit when the user may publish for it, else the operator's unit (if among the choices)."""
    if user.org_unit_id and choices.filter(pk=user.org_unit_id).exists():
        return user.org_unit
    return choices.filter(kind=OrgKind.OPERATOR).order_by("path").first()


def validate_times(publish_at, expire_at, now=None, publish_at_given=True):
    """Problems with the publication window, as {field: message}. A publication time is judged against now only
    when the caller sets it (an unchanged stored time is the record's own business)."""
    now = now or timezone.now()
    errors = {}
    if publish_at_given and publish_at is not None and publish_at < now:
        # A past time would back-date the announcement in the public feed.
        errors["publish_at"] = _("The publication time has already passed. Leave it empty to publish at the "
                                 "moment the publish button is pressed, or choose a later time.")
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
        # The user's own unit first, then the others in tree order.
        owner.queryset = org_units_for(user, Announcement, "add").annotate(
            own_first=Case(When(pk=user.org_unit_id, then=Value(0)), default=Value(1))).order_by("own_first", "path")
        owner.label = _("Publishing org unit")
        owner.empty_label = _("— choose an org unit —")
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
        errors = validate_times(data.get("publish_at"), data.get("expire_at"),
                                publish_at_given="publish_at" in self.changed_data)
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


def operator_unit():
    return OrgUnit.objects.filter(kind=OrgKind.OPERATOR, is_active=True).order_by("path").first()
