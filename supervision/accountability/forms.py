from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.orgs.models import OrgUnit

from .linking import type_choices
from .models import AccountabilityRecord


class AccountabilityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AccountabilityRecord
        fields = ["case_number", "title", "owner_org", "persons", "facts", "basis", "decision", "decided_on"]
        labels = {"owner_org": _("Org unit concerned")}
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_org"].queryset = OrgUnit.objects.filter(is_active=True)


class LinkForm(forms.Form):
    target_type = forms.ChoiceField(label=_("Record type"), choices=())
    target_id = forms.IntegerField(label=_("Record id"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", "—"), *type_choices()]
