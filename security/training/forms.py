from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.scoping import org_units_for

from .models import TrainingAttendance, TrainingSession

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["owner_org", "topic", "held_on", "trainer", "org_units", "materials"]
        widgets = {"held_on": DATE, "org_units": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = org_units_for(user, TrainingSession, "add")
        self.fields["owner_org"].queryset = orgs
        self.fields["owner_org"].label = _("Organised by")
        self.fields["org_units"].queryset = orgs
        if user.org_unit_id and orgs.filter(pk=user.org_unit_id).exists():
            self.initial.setdefault("owner_org", user.org_unit_id)

    def clean_held_on(self):
        day = self.cleaned_data.get("held_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return day


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = TrainingAttendance
        fields = ["person", "org_unit"]

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["org_unit"].queryset = session.org_units.order_by("path")

    def clean(self):
        data = super().clean()
        if data.get("person") and data.get("org_unit") and TrainingAttendance.objects.filter(
                session=self.session, person=data["person"].strip(), org_unit=data["org_unit"]).exists():
            self.add_error("person", _("This person is recorded for this session already."))
        return data
