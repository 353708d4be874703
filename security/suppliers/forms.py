from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.scoping import org_units_for

from .models import CheckResult, Supplier, SupplierPerson

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EXPIRES_BEFORE_SIGNED = _("It cannot expire before it was signed.")


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["owner_org", "name", "credit_code", "contact", "scope_of_work", "nda_signed_on", "nda_expires_on",
                  "nda_file"]
        widgets = {"nda_signed_on": DATE, "nda_expires_on": DATE, "scope_of_work": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = org_units_for(user, Supplier, "add")
        self.fields["owner_org"].queryset = orgs
        self.fields["owner_org"].label = _("Org unit")
        if not self.instance.pk and user.org_unit_id and orgs.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)

    def clean(self):
        data = super().clean()
        signed, expires = data.get("nda_signed_on"), data.get("nda_expires_on")
        if signed and expires and expires < signed:
            self.add_error("nda_expires_on", EXPIRES_BEFORE_SIGNED)
        return data


class PersonForm(forms.ModelForm):
    class Meta:
        model = SupplierPerson
        fields = ["name", "position", "core_data_access", "check_done_on", "check_result", "check_expires_on"]
        widgets = {"check_done_on": DATE, "check_expires_on": DATE}

    def clean(self):
        data = super().clean()
        done, expires = data.get("check_done_on"), data.get("check_expires_on")
        if data.get("check_result") in (CheckResult.PASSED, CheckResult.FAILED) and not done:
            self.add_error("check_done_on", _("Give the date the background check was done."))
        if done and expires and expires < done:
            self.add_error("check_expires_on", EXPIRES_BEFORE_SIGNED)
        return data
