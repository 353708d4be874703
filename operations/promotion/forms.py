from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.workflow.uploads import validate_evidence

from .models import Channel, PromotionActivity, PromotionPlan


class _OwnedForm(VersionedFormMixin, forms.ModelForm):
    """The owner is chosen among the org units the user may record for; a new record starts with the user's."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, self._meta.model, "add")
        field.label = _("Org unit")
        if not self.instance.pk and user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
            # (the instance's empty owner is in `initial` already: setdefault would keep it empty)
            self.initial["owner_org"] = user.org_unit_id


class PromotionPlanForm(_OwnedForm):
    channels = forms.MultipleChoiceField(label=pgettext_lazy("promotion", "Channels"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = PromotionPlan
        fields = ["owner_org", "year", "goals", "planned_activities", "channels", "activity_target",
                  "registration_target"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3}), "planned_activities": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = timezone.localdate().year

    def clean(self):
        data = super().clean()
        org, year = data.get("owner_org"), data.get("year")
        if org and year:
            others = PromotionPlan.objects.filter(owner_org=org, year=year)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("year", _("%(org)s already has a promotion plan for %(year)s.")
                               % {"org": org.name, "year": year})
        return data

    def validate_unique(self):
        # The duplicate is reported by clean() with the org unit's name; the database constraint stays the guard.
        pass


class PromotionActivityForm(_OwnedForm):
    evidence_file = forms.FileField(label=_("Add an evidence file"), required=False, validators=[validate_evidence],
                                    help_text=_("PDF, image or Office document: photos, screenshots, the page of "
                                                "the repost."))

    class Meta:
        model = PromotionActivity
        fields = ["owner_org", "title", "mode", "channel", "held_on", "views", "participants", "registrations",
                  "description"]
        widgets = {"held_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("views", "participants", "registrations"):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].error_messages["min_value"] = _("Enter a whole number of 0 or more.")

    def clean_title(self):
        return (self.cleaned_data.get("title") or "").strip()

    def clean_held_on(self):
        day = self.cleaned_data.get("held_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("An activity is recorded once it has taken place: the date cannot be in "
                                          "the future."))
        return day
