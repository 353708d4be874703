from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.scoping import org_units_for

from .models import Drill, EmergencyPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IN_THE_FUTURE = _("This date is in the future.")


class PlanForm(forms.Form):
    owner_org = forms.ModelChoiceField(queryset=None, label=_("Org unit"))
    title = forms.CharField(max_length=200, label=_("Title"))
    label = forms.CharField(max_length=50, label=_("Version"), initial="V1.0")
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE, initial=timezone.localdate)
    attachment = forms.FileField(label=_("Attachment"), required=False)
    change_note = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = org_units_for(user, EmergencyPlan, "add")
        self.fields["owner_org"].queryset = orgs
        if user.org_unit_id and orgs.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)

    def clean_attachment(self):
        from ganfutong_admin.workflow.uploads import validate_evidence

        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_evidence(upload)
        return upload


class DrillForm(forms.ModelForm):
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One finding per line; each opens a rectification for the org unit."))

    class Meta:
        model = Drill
        fields = ["plan", "held_on", "scenario", "participants", "summary"]
        widgets = {"held_on": DATE, "participants": forms.Textarea(attrs={"rows": 2}),
                   "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = EmergencyPlan.objects.visible_to(user, "change").filter(
            is_active=True).select_related("owner_org").order_by("owner_org__path", "title")

    def clean_held_on(self):
        day = self.cleaned_data.get("held_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(IN_THE_FUTURE)
        return day

    def clean_findings(self):
        return [line.strip() for line in (self.cleaned_data.get("findings") or "").splitlines() if line.strip()]
