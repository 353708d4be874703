from django import forms

from services import selectors

from .models import SimulatedApplication, SimulatedStep


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = SimulatedApplication
        fields = ["service", "channel", "performed_at", "note"]
        widgets = {"performed_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = selectors.listed_services().order_by("code")


class StepForm(forms.ModelForm):
    class Meta:
        model = SimulatedStep
        fields = ["action", "passed", "seconds", "result", "evidence"]


StepFormSet = forms.inlineformset_factory(SimulatedApplication, SimulatedStep, form=StepForm, extra=4, max_num=20,
                                          min_num=1, validate_min=True, can_delete=False)
