from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.scoping import org_units_for

from .lifecycle import report_errors
from .models import ClosurePayload, SecurityIncident

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentReportForm(forms.ModelForm):
    class Meta:
        model = SecurityIncident
        fields = ["owner_org", "title", "severity", "occurred_at", "reported_at", "description", "impact",
                  "plan_activated_at", "plan_name"]
        widgets = {"occurred_at": DATETIME, "reported_at": DATETIME, "plan_activated_at": DATETIME,
                   "description": forms.Textarea(attrs={"rows": 3}), "impact": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"plan_name": _("Required for 重大 and 特别重大 incidents, with the time of activation.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, SecurityIncident, "add")
        field.label = _("Org unit")
        if user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)
        self.fields["reported_at"].required = False

    def clean(self):
        data = super().clean()
        for field, message in report_errors(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class ClosureForm(forms.Form):
    """The closure report (the payload of `close`), on the incident's page."""

    closure_report = forms.CharField(label=_("Closure report"), widget=forms.Textarea(attrs={"rows": 4}),
                                     max_length=8000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


__all__ = ["IncidentReportForm", "ClosureForm", "ClosurePayload"]
