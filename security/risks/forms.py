from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from services import selectors as service_selectors

from .models import Risk, SecurityAssessment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ASSET_OR_SERVICE = _("Name the asset or choose the service the risk is about.")


class RiskForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["owner_org", "service", "asset", "threat", "likelihood", "impact", "owner_name", "treatment",
                  "due_on", "status"]
        widgets = {"due_on": DATE, "treatment": forms.Textarea(attrs={"rows": 2}),
                   "likelihood": forms.Select(choices=[(i, i) for i in range(1, 6)]),
                   "impact": forms.Select(choices=[(i, i) for i in range(1, 6)])}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = org_units_for(user, Risk, "add")
        self.fields["owner_org"].queryset = orgs
        self.fields["owner_org"].label = _("Org unit")
        self.fields["service"].queryset = (service_selectors.services().visible_to(user)
                                           .filter(owner_org__in=orgs).order_by("code"))
        if not self.instance.pk and user.org_unit_id and orgs.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)

    def clean(self):
        data = super().clean()
        if not (data.get("asset") or "").strip() and not data.get("service"):
            self.add_error("asset", ASSET_OR_SERVICE)
        service, org = data.get("service"), data.get("owner_org")
        if service and org and service.owner_org_id != org.pk:
            self.add_error("service", _("The service belongs to another org unit."))
        return data


class AssessmentForm(forms.ModelForm):
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("One finding per line; each opens a rectification for the org unit."))

    class Meta:
        model = SecurityAssessment
        fields = ["owner_org", "title", "kind", "assessed_on", "assessor", "summary"]
        widgets = {"assessed_on": DATE, "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = org_units_for(user, SecurityAssessment, "add")
        self.fields["owner_org"].queryset = orgs
        self.fields["owner_org"].label = _("Org unit")
        if user.org_unit_id and orgs.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)

    def clean_findings(self):
        return [line.strip() for line in (self.cleaned_data.get("findings") or "").splitlines() if line.strip()]
