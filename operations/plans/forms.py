from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.workflow.models import Filing

from .models import OperationsPlan


class OperationsPlanForm(VersionedFormMixin, forms.ModelForm):
    """The plan with the filing's owner, as one form; the version is the filing's."""

    owner_org = forms.ModelChoiceField(queryset=None, label=_("Org unit"))

    class Meta:
        model = OperationsPlan
        fields = ["year", "goals", "measures", "schedule"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in ("goals", "measures", "schedule")}

    def __init__(self, *args, user, filing=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, Filing, "add")
        self.filing = filing
        if filing is not None:
            field.initial = filing.owner_org_id
        else:
            self.initial.setdefault("year", timezone.localdate().year)
            if user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
                field.initial = user.org_unit_id
        self.order_fields(["owner_org", "year", "goals", "measures", "schedule"])

    def clean(self):
        data = super().clean()
        org, year = data.get("owner_org"), data.get("year")
        if org and year:
            others = OperationsPlan.objects.filter(filing__owner_org=org, year=year).exclude(
                filing__status="withdrawn")
            if self.filing is not None:
                others = others.exclude(filing=self.filing)
            if others.exists():
                self.add_error("year", _("%(org)s already has an operations plan for %(year)s.")
                               % {"org": org.name, "year": year})
        return data
