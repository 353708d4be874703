from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.privacy.masking import mask_phone

from .models import MOBILE, ResponsiblePerson


class ResponsiblePersonForm(VersionedFormMixin, forms.ModelForm):
    """The mobile number is never sent back to the browser: on an edit the field is empty and keeps the stored
    number unless a new one is typed."""

    mobile = forms.CharField(label=_("Mobile phone"), max_length=11, required=False, validators=[MOBILE])

    class Meta:
        model = ResponsiblePerson
        fields = ["owner_org", "duty", "name", "post", "office_phone", "mobile", "valid_from", "valid_to", "note"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_to": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, ResponsiblePerson, "add")
        field.label = _("Org unit")
        self.initial["mobile"] = ""
        if self.instance.pk:
            self.fields["mobile"].help_text = _("Stored: %(masked)s. Leave empty to keep it.") % {
                "masked": mask_phone(self.instance.mobile)}
        elif user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
            self.initial["owner_org"] = user.org_unit_id

    def clean_name(self):
        return (self.cleaned_data.get("name") or "").strip()

    def clean_mobile(self):
        value = (self.cleaned_data.get("mobile") or "").strip()
        if not value:
            if not self.instance.pk:
                raise forms.ValidationError(_("Enter the mobile phone number."))
            return self.instance.mobile
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity cannot be before its start."))
        return data
