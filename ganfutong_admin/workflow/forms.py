from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.policy.parameters import value as policy_value

from .models import CalendarDay, CalendarYear, Rectification
from .parameters import RECTIFICATION_DEFAULT_WORKING_DAYS


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=30)
    version = forms.IntegerField(min_value=1)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                              label=_("Comment"))


class RectificationAnswerForm(forms.ModelForm):
    class Meta:
        model = Rectification
        fields = ["response", "evidence"]
        widgets = {"response": forms.Textarea(attrs={"rows": 4})}


class RectificationOpenForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Problem found"))
    working_days = forms.IntegerField(min_value=1, max_value=120, label=_("Deadline (working days)"),
                                      initial=lambda: policy_value(RECTIFICATION_DEFAULT_WORKING_DAYS))


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_working_day", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def validate_unique(self):
        # An override replaces the existing row for that date (handled in the view).
        pass


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "note"]
