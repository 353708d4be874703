from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import parameters
from .models import ParameterVersion


class NewVersionForm(forms.Form):
    """A new version of one parameter: value within the declared range, effective today or later, a reason."""

    value = forms.IntegerField(label=_("New value"), error_messages={
        "required": parameters.WHOLE_NUMBER, "invalid": parameters.WHOLE_NUMBER})
    effective_from = forms.DateField(label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}),
                                     error_messages={"required": parameters.DATE_REQUIRED,
                                                     "invalid": _("Enter a date such as 2027-01-01.")})
    reason = forms.CharField(label=_("Reason for the change"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": parameters.REASON_REQUIRED},
                             help_text=_("Why the value changes, e.g. the document or decision that sets it. Shown "
                                         "in the version history."))

    def __init__(self, *args, spec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["value"].widget.attrs.update(min=spec.min, max=spec.max)
        self.fields["value"].help_text = _("%(min)s to %(max)s %(unit)s.") % {
            "min": spec.min, "max": spec.max, "unit": spec.unit_label}
        today = timezone.localdate()
        self.fields["effective_from"].widget.attrs["min"] = today.isoformat()
        self.fields["effective_from"].initial = today

    def clean(self):
        data = super().clean()
        errors = parameters.validation_errors(self.spec, data.get("value"), data.get("effective_from"),
                                              data.get("reason"))
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        day = data.get("effective_from")
        if day and "effective_from" not in self.errors and ParameterVersion.objects.filter(
                name=self.spec.name, effective_from=day).exists():
            self.add_error("effective_from", parameters.duplicate_message(day))
        return data
