from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SpotCheckCampaign


class CampaignForm(forms.ModelForm):
    checklist_text = forms.CharField(label=_("Checklist"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                     help_text=_("One item per line."))

    class Meta:
        model = SpotCheckCampaign
        fields = ["name", "seed", "sample_size", "sample_rate", "strata"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seed"].required = False
        self.fields["seed"].help_text = _("Empty: a random seed is chosen and recorded.")

    def clean(self):
        data = super().clean()
        size, rate = data.get("sample_size"), data.get("sample_rate")
        if (size is None) == (rate is None):
            self.add_error("sample_size", _("Give either a sample size or a sample rate."))
        items = [line.strip() for line in (data.get("checklist_text") or "").splitlines() if line.strip()]
        if not items:
            self.add_error("checklist_text", _("Give at least one checklist item."))
        elif len(set(items)) != len(items):
            self.add_error("checklist_text", _("Each checklist item once."))
        data["checklist"] = items
        return data


class CheckForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = list(checklist)
        for i, item in enumerate(self.checklist):
            self.fields[f"item_{i}"] = forms.BooleanField(label=item, required=False,
                                                          help_text=_("Ticked: meets the requirement."))

    def results(self):
        return {item: bool(self.cleaned_data.get(f"item_{i}")) for i, item in enumerate(self.checklist)}
