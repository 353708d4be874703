from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin

from .models import ExitReason, Partner, PartnerStatus


class PartnerApplicationForm(VersionedFormMixin, forms.ModelForm):
    """The written application (第十五条): the partner's entry and the filing it is reviewed in, as one form; the
    version is the filing's."""

    class Meta:
        model = Partner
        fields = ["name", "credit_code", "services_offered", "contacts", "commitments", "agreement"]
        widgets = {"services_offered": forms.Textarea(attrs={"rows": 3}), "contacts": forms.Textarea(attrs={"rows": 3}),
                   "commitments": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self):
        return (self.cleaned_data.get("name") or "").strip()

    def clean(self):
        data = super().clean()
        if not data.get("agreement") and not self.instance.agreement:
            self.add_error("agreement", _("Attach the signed cooperation agreement."))
        return data


class PartnerStatusFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "")] + PartnerStatus.choices, required=False)


class ForcedExitForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "---------")] + ExitReason.choices, label=_("Reason of the exit"))
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Facts and decision"))
