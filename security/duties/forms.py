from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.scoping import org_units_for

from .models import ConnectedSystem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SystemForm(forms.ModelForm):
    class Meta:
        model = ConnectedSystem
        fields = ["owner_org", "name", "mlps_level", "last_assessed_on", "description"]
        widgets = {"last_assessed_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = org_units_for(user, ConnectedSystem, "add")
        self.fields["owner_org"].queryset = orgs
        self.fields["owner_org"].label = _("Org unit")
        if not self.instance.pk and user.org_unit_id and orgs.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)

    def clean_last_assessed_on(self):
        day = self.cleaned_data.get("last_assessed_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The assessment date cannot be in the future."))
        return day
