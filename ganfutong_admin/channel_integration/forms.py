from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for

from .models import LegacyApp, NewAppException


class OwnedForm(forms.ModelForm):
    """The owner field lists only the org units the user may own records in."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, self._meta.model, "add")
        field.label = _("Org unit")
        if not self.instance.pk and user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
            self.initial["owner_org"] = user.org_unit_id


class LegacyAppForm(OwnedForm):
    class Meta:
        model = LegacyApp
        fields = ["owner_org", "name", "app_type", "vendor", "monthly_active_users", "services_count",
                  "migration_plan", "target_date", "status", "completed_on", "note"]
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
            "migration_plan": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("status") in ("migrated", "retired") and not data.get("completed_on"):
            self.add_error("completed_on", _("Give the date the migration or retirement was completed."))
        return data


class NewAppExceptionForm(VersionedFormMixin, forms.ModelForm):
    """The filing's title and owner plus the exception's own details, edited as one form."""

    title = forms.CharField(max_length=200, label=_("Title"))
    owner_org = forms.ModelChoiceField(queryset=None, label=_("Org unit"))

    class Meta:
        model = NewAppException
        fields = ["app_name", "app_type", "justification", "planned_launch"]
        widgets = {
            "justification": forms.Textarea(attrs={"rows": 5}),
            "planned_launch": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, filing=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ganfutong_admin.workflow.models import Filing

        self.fields["owner_org"].queryset = org_units_for(user, Filing, "add")
        if filing is not None:
            self.fields["title"].initial = filing.title
            self.fields["owner_org"].initial = filing.owner_org_id
        elif user.org_unit_id and self.fields["owner_org"].queryset.filter(pk=user.org_unit_id).exists():
            self.fields["owner_org"].initial = user.org_unit_id
        self.order_fields(["title", "owner_org", "app_name", "app_type", "justification", "planned_launch"])
