from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.orgs.models import OrgUnit

from .figures import REPORTED_KINDS
from .models import OperationsReport, ReportFinding, ReportKind, period_dates

YEARS = (2020, 2100)


class ReportForm(VersionedFormMixin, forms.ModelForm):
    year = forms.IntegerField(label=_("year"), min_value=YEARS[0], max_value=YEARS[1])
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12, required=False,
                               help_text=_("For a monthly report: 1–12."))
    quarter = forms.IntegerField(label=_("quarter"), min_value=1, max_value=4, required=False,
                                 help_text=_("For a quarterly report: 1–4."))

    class Meta:
        model = OperationsReport
        fields = ["kind", "year", "month", "quarter", "number", "title", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    def clean(self):
        cleaned = super().clean()
        kind, year = cleaned.get("kind"), cleaned.get("year")
        if not kind or year is None:
            return cleaned
        if kind == ReportKind.MONTHLY:
            cleaned["quarter"] = None
            if cleaned.get("month") is None:
                self.add_error("month", _("A monthly report names its month (1–12)."))
                return cleaned
        else:
            cleaned["month"] = None
            if cleaned.get("quarter") is None:
                self.add_error("quarter", _("A quarterly report names its quarter (1–4)."))
                return cleaned
        try:
            start, end = period_dates(kind, year, cleaned.get("month"), cleaned.get("quarter"))
        except ValueError:
            raise forms.ValidationError(_("This is not a reporting period.")) from None
        duplicates = OperationsReport.objects.filter(kind=kind, period_start=start)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("There is already a %(kind)s for this period: open it instead of making another.")
                % {"kind": ReportKind(kind).label})
        self.instance.period_start, self.instance.period_end = start, end
        return cleaned


class FindingForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(label=_("org units named"), required=False, queryset=OrgUnit.objects.none(),
                                           help_text=_("Each org unit named gets a rectification when the report "
                                                       "is published. None: a general finding."))

    class Meta:
        model = ReportFinding
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrgUnit.objects.filter(is_active=True, kind__in=REPORTED_KINDS)
        if self.instance.pk:
            self.fields["units"].initial = [n.org_unit_id for n in self.instance.named.all()]

    def save(self, commit=True):
        finding = super().save(commit=commit)
        if commit:
            wanted = {u.pk for u in self.cleaned_data.get("units") or ()}
            finding.named.exclude(org_unit_id__in=wanted).delete()
            have = set(finding.named.values_list("org_unit_id", flat=True))
            for pk in sorted(wanted - have):
                finding.named.create(org_unit_id=pk)
        return finding


FindingFormSet = forms.inlineformset_factory(OperationsReport, ReportFinding, form=FindingForm, extra=2,
                                             can_delete=True, max_num=100)
