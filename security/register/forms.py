from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from services import selectors as service_selectors

from .models import DataSecurityRegister, PersonalData

BOTH = _("A service that processes personal data cannot also declare that it processes none.")


def services_for(user):
    """Services the user may keep a register entry for: visible to them and owned within their reach here."""
    return (service_selectors.services().visible_to(user)
            .filter(owner_org__in=org_units_for(user, DataSecurityRegister, "add")).order_by("code"))


class RegisterForm(VersionedFormMixin, forms.ModelForm):
    personal_data = forms.MultipleChoiceField(choices=PersonalData.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              label=_("Personal data processed"))

    class Meta:
        model = DataSecurityRegister
        fields = ["service", "personal_data", "no_personal_data", "masking_on_display", "masking_note",
                  "encrypted_in_transit", "encrypted_at_rest", "consent_method", "retention_months",
                  "sharing_recipients", "no_classified_data"]
        widgets = {"consent_method": forms.Textarea(attrs={"rows": 2}),
                   "sharing_recipients": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["service"]
        if self.instance.pk:
            del self.fields["service"]
        else:
            field.queryset = services_for(user).filter(security_register__isnull=True)

    def clean_retention_months(self):
        value = self.cleaned_data.get("retention_months")
        if value is not None and value < 1:
            raise forms.ValidationError(_("The retention period is at least one month."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("personal_data") and data.get("no_personal_data"):
            self.add_error("no_personal_data", BOTH)
        return data

    def save(self, commit=True):
        entry = super().save(commit=False)
        if entry.no_classified_data and (self.instance.declared_at is None or
                                         "no_classified_data" in self.changed_data):
            entry.declared_by, entry.declared_at = self.user, timezone.now()
        if not entry.no_classified_data:
            entry.declared_by, entry.declared_at = None, None
        if commit:
            entry.save()
        return entry
