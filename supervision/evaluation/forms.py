from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.orgs.models import OrgUnit

from .models import Dimension, EvaluationPeriod, Indicator, ManualScore, Method
from .scoring import EVALUATED_KINDS


class PeriodForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(queryset=EvaluationPeriod.objects.all(), required=False,
                                       label=_("Copy the indicator tree of"),
                                       help_text=_("Empty: the default tree (第二十五条)."))

    class Meta:
        model = EvaluationPeriod
        fields = ["name", "kind", "start", "end"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class ManualScoreForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ManualScore
        fields = ["indicator", "owner_org", "value", "reason", "evidence"]
        labels = {"owner_org": _("Org unit")}

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        manual = Indicator.objects.filter(period=period).filter(
            method__in=(Method.MANUAL, Method.BONUS, Method.DEDUCTION), code="")
        self.fields["indicator"].queryset = manual
        self.fields["owner_org"].queryset = OrgUnit.objects.filter(kind__in=EVALUATED_KINDS, is_active=True)

    def clean(self):
        data = super().clean()
        indicator, value = data.get("indicator"), data.get("value")
        if indicator is not None and value is not None and indicator.method == Method.MANUAL \
                and value > indicator.points:
            self.add_error("value", _("At most %(points)s points.") % {"points": indicator.points})
        if not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the score."))
        return data


DimensionFormSet = forms.modelformset_factory(Dimension, fields=["weight"], extra=0, can_delete=False)
IndicatorFormSet = forms.modelformset_factory(Indicator, fields=["points", "cap"], extra=0, can_delete=False)
