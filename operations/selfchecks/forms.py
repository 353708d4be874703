from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin

from .models import AnswerResult, SelfCheckCampaign, SelfCheckReport


class CampaignForm(forms.ModelForm):
    checklist = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Checklist"),
                                help_text=_("One check item per line."))

    class Meta:
        model = SelfCheckCampaign
        fields = ["title", "description", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 2})}

    def clean_checklist(self):
        items = [line.strip() for line in self.cleaned_data["checklist"].splitlines() if line.strip()]
        if not items:
            raise forms.ValidationError(_("A campaign needs at least one check item."))
        if any(len(item) > 300 for item in items):
            raise forms.ValidationError(_("A check item has at most 300 characters."))
        return items


class ReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SelfCheckReport
        fields = ["summary", "evidence"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class AnswerForm(forms.Form):
    result = forms.ChoiceField(choices=AnswerResult.choices, label=_("Result"))
    note = forms.CharField(max_length=500, required=False, label=_("Note"))

    def clean(self):
        data = super().clean()
        if data.get("result") == AnswerResult.PROBLEM and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the problem found."))
        return data
