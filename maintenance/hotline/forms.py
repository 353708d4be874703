from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.workflow.forms import TransitionForm
from services import selectors

from .models import UNSATISFIED_LEVELS, BadReview, Satisfaction, WorkOrder, WorkOrderType
from .payloads import MAX_EXTENSION_DAYS, dispatchable_units
from .validators import clean_id_number, clean_phone


def clean_service_code(code):
    """A service named by its code (what the hotline knows), or None when empty."""
    code = (code or "").strip()
    if not code:
        return None
    service = selectors.find_service_by_code(code)
    if service is None:
        raise ValidationError(_("No service has the code “%(code)s”.") % {"code": code}, code="unknown_service")
    return service


class WorkOrderEntryForm(forms.Form):
    """A work order entered by hand (the operator), e.g. taken by phone or while the hotline link was down."""

    type = forms.ChoiceField(label=_("Type"), choices=WorkOrderType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    service_code = forms.CharField(label=_("Service code"), max_length=64, required=False,
                                   help_text=_("When the order is about one service, its owner is responsible."))
    responsible_org = forms.ModelChoiceField(
        label=_("Responsible org unit"), queryset=dispatchable_units().order_by("path"), required=False,
        help_text=_("Without a service: dispatch at once to this org unit, or leave empty to dispatch later."))
    citizen_name = forms.CharField(label=_("Citizen name"), max_length=50)
    citizen_phone = forms.CharField(label=_("Citizen phone"), max_length=30)
    citizen_id_number = forms.CharField(label=_("Citizen ID number"), max_length=18, required=False)
    received_at = forms.DateTimeField(label=_("Received at"), required=False,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      help_text=_("Empty: now."))
    hotline_id = forms.CharField(label=_("Hotline work-order id"), max_length=64, required=False,
                                 help_text=_("If the hotline system gave the order an id already."))

    def clean_service_code(self):
        return clean_service_code(self.cleaned_data.get("service_code"))

    def clean_citizen_phone(self):
        return clean_phone(self.cleaned_data["citizen_phone"])

    def clean_citizen_id_number(self):
        return clean_id_number(self.cleaned_data.get("citizen_id_number"))

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now():
            raise ValidationError(_("The time received cannot be in the future."))
        return value

    def clean_hotline_id(self):
        value = (self.cleaned_data.get("hotline_id") or "").strip()
        if value and WorkOrder.objects.filter(hotline_id=value).exists():
            raise ValidationError(_("A work order with this hotline id exists already."))
        return value or None

    def clean(self):
        data = super().clean()
        if data.get("service_code") and data.get("responsible_org"):
            self.add_error("responsible_org", _("The service's owner is responsible: leave this empty, or remove "
                                                "the service code."))
        return data


class DispatchForm(forms.Form):
    target_org = forms.ModelChoiceField(label=_("Dispatch to"), queryset=dispatchable_units().order_by("path"))
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Instructions"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class WorkOrderActionForm(TransitionForm):
    """One transition of a work order, with the inputs some actions need: what the detail page shows and keeps
    when an action is refused. The inputs are validated by the engine (the actions' payloads)."""

    reply = forms.CharField(label=_("Reply to the citizen"), required=False, max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 5}))
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), required=False,
                                     choices=[("", "—"), *Satisfaction.choices])
    extension_days = forms.IntegerField(label=_("Extra working days"), required=False, min_value=1,
                                        max_value=MAX_EXTENSION_DAYS)


class BadReviewEntryForm(forms.ModelForm):
    """A bad review of a platform case (办件) entered by hand from the rating system."""

    class Meta:
        model = BadReview
        fields = ["case_number", "owner_org", "rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_number"].required = True
        self.fields["owner_org"].queryset = dispatchable_units().order_by("path")
        self.fields["owner_org"].label = _("Responsible org unit")
        self.fields["rating"].choices = [(v, label) for v, label in Satisfaction.choices if v in UNSATISFIED_LEVELS]

    def clean_case_number(self):
        value = self.cleaned_data["case_number"].strip()
        if BadReview.objects.filter(case_number=value).exists():
            raise ValidationError(_("A bad review of this case is recorded already."))
        return value
