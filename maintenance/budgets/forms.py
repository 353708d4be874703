from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.scoping import org_units_for

from .models import AMOUNT, BudgetCategory, BudgetPlan

NOT_NEGATIVE = _("The amount cannot be negative.")


class BudgetPlanForm(forms.ModelForm):
    class Meta:
        model = BudgetPlan
        fields = ["owner_org", "year", "title", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, BudgetPlan, "add")
        field.label = _("Org unit")
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            if user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
                self.initial.setdefault("owner_org", user.org_unit_id)

    def clean_title(self):
        return (self.cleaned_data.get("title") or "").strip()

    def clean(self):
        data = super().clean()
        org, year = data.get("owner_org"), data.get("year")
        if org and year and BudgetPlan.objects.filter(owner_org=org, year=year).exclude(pk=self.instance.pk).exists():
            # In plain words on the year (the field's error also skips the constraint's own message).
            self.add_error("year", _("%(org)s already has a budget plan for %(year)s.") % {"org": org.name,
                                                                                        "year": year})
        return data


class BudgetItemForm(forms.Form):
    """One row of the plan. An untouched empty row is ignored; a row with anything in it needs a name."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, required=False, label=_("Item"))
    category = forms.ChoiceField(choices=BudgetCategory.choices, label=_("Category"), initial=BudgetCategory.SOFTWARE)
    planned_amount = forms.DecimalField(**AMOUNT, required=False, label=_("Planned amount (yuan)"),
                                        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}))
    actual_amount = forms.DecimalField(**AMOUNT, required=False, label=_("Actual amount (yuan)"),
                                       widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def clean_planned_amount(self):
        value = self.cleaned_data.get("planned_amount")
        if value is not None and value < 0:
            raise forms.ValidationError(NOT_NEGATIVE)
        return value

    def clean_actual_amount(self):
        value = self.cleaned_data.get("actual_amount")
        if value is not None and value < 0:
            raise forms.ValidationError(NOT_NEGATIVE)
        return value

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", _("Name the item (or clear the whole row)."))
        if data.get("planned_amount") is None and "planned_amount" not in self.errors:
            self.add_error("planned_amount", _("Enter the planned amount (0 if none)."))
        return data

    @property
    def is_blank(self):
        """Nothing typed in (the category select always has a value). Clearing an existing row removes the item."""
        if not self.is_bound:
            return True
        raw = [self.data.get(self.add_prefix(f), "") for f in ("name", "planned_amount", "actual_amount", "note")]
        return not any(str(v).strip() for v in raw)


class BaseBudgetItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        names = []
        for form in self.forms:
            if form.is_blank:
                continue
            name = form.cleaned_data["name"].strip()
            if name in names:
                form.add_error("name", _("This item is listed twice."))
            names.append(name)
        if not names:
            raise forms.ValidationError(_("A budget plan needs at least one item."))

    def filled_forms(self):
        return [f for f in self.forms if not f.is_blank]


BudgetItemFormSet = forms.formset_factory(BudgetItemForm, formset=BaseBudgetItemFormSet, extra=3, max_num=100,
                                          validate_max=True)


class ActualAmountForm(forms.Form):
    """On a signed-off plan only the actual amounts (and notes) are recorded during the year."""

    actual_amount = forms.DecimalField(**AMOUNT, required=False, label=_("Actual amount (yuan)"),
                                       widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def clean_actual_amount(self):
        value = self.cleaned_data.get("actual_amount")
        if value is not None and value < Decimal("0"):
            raise forms.ValidationError(NOT_NEGATIVE)
        return value


class SummaryYearForm(forms.Form):
    year = forms.IntegerField(min_value=2020, max_value=2100, label=_("Year"))
