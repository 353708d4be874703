"""Forms of advance filings and fault reports. Every choice list is built from visible_to() (services through
services.selectors); the views re-check the saved record's scope."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.workflow.models import Filing
from services import selectors as service_selectors

from .faults import timestamp_errors
from .models import AdvanceFiling, FaultReport

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), **kwargs)


class ServicesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）· {obj.owner_org.name} · {obj.get_status_display()}"


def visible_services(user):
    return (service_selectors.services().visible_to(user).select_related("owner_org")
            .order_by("owner_org__path", "code"))


def now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class AdvanceFilingForm(VersionedFormMixin, forms.ModelForm):
    """An advance filing of a major event or system upgrade (第十六条), with its window and what it affects."""

    owner_org = forms.ModelChoiceField(queryset=None, label=_("Org unit"),
                                       help_text=_("The org unit that runs the event or upgrade."))
    title = forms.CharField(label=_("Title"), max_length=200)
    window_start = datetime_field(_("Window start"))
    window_end = datetime_field(_("Window end"))

    class Meta:
        model = AdvanceFiling
        fields = ["event_type", "window_start", "window_end", "services", "expected_impact", "risk",
                  "fallback_plan", "contact"]
        field_classes = {"services": ServicesChoiceField}
        widgets = {
            "services": forms.CheckboxSelectMultiple(attrs={"class": "gft-service-check"}),
            "expected_impact": forms.Textarea(attrs={"rows": 3}),
            "risk": forms.Textarea(attrs={"rows": 3}),
            "fallback_plan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "expected_impact": _("What citizens and staff will notice during the window."),
            "fallback_plan": _("How the change is rolled back, and when that decision is taken."),
        }

    def __init__(self, *args, user, filing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.filing = user, filing
        owners = org_units_for(user, Filing, "add")
        self.fields["owner_org"].queryset = owners
        if filing is not None:
            self.fields["owner_org"].initial = filing.owner_org_id
            self.fields["title"].initial = filing.title
        elif user.org_unit_id and owners.filter(pk=user.org_unit_id).exists():
            self.fields["owner_org"].initial = user.org_unit_id
        services = self.fields["services"]
        services.queryset = visible_services(user)
        services.error_messages["invalid_choice"] = _(
            "Choose services from the list: only services your org unit can see are offered.")
        services.error_messages["required"] = _("Choose at least one affected service.")
        self.order_fields(["owner_org", "title", "event_type", "window_start", "window_end", "services",
                           "expected_impact", "risk", "fallback_plan", "contact"])

    def clean(self):
        data = super().clean()
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("The window must end after it starts."))
        if end and end <= timezone.now() and ("window_end" in self.changed_data or self.filing is None):
            self.add_error("window_end", _("This window has already ended: an advance filing is made before the "
                                           "event. Report a fault if something went wrong."))
        return data


class FaultReportForm(forms.ModelForm):
    """A fault report (第十六条): when it occurred, was detected and reported, what it affects."""

    occurred_at = datetime_field(_("Occurred at"))
    detected_at = datetime_field(_("Detected at"))
    reported_at = datetime_field(_("Reported at"), help_text=_("When the fault was first reported to the "
                                                               "provincial authority; now, if you report it now."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FaultReport
        fields = ["owner_org", "title", "severity", "occurred_at", "detected_at", "reported_at", "services",
                  "impact", "affected_users", "cause"]
        field_classes = {"services": ServicesChoiceField}
        widgets = {
            "services": forms.CheckboxSelectMultiple(attrs={"class": "gft-service-check"}),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "severity": _("A major fault is announced on the platform and the provincial authority is told at "
                          "once."),
            "cause": _("As far as known; the provincial authority confirms it in the post-incident review."),
        }

    def __init__(self, *args, user, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owners = org_units_for(user, FaultReport, "add")
        owner = self.fields["owner_org"]
        owner.queryset = owners
        owner.empty_label = None
        services = self.fields["services"]
        services.queryset = visible_services(user)
        services.error_messages["invalid_choice"] = _(
            "Choose services from the list: only services your org unit can see are offered.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            # (A model form's initial data comes from the instance, which overrides a field's initial value.)
            if user.org_unit_id and owners.filter(pk=user.org_unit_id).exists():
                self.initial["owner_org"] = user.org_unit_id
            if service is not None and services.queryset.filter(pk=service.pk).exists():
                # Reported from the service (availability monitoring): its owner answers for it (谁建设、谁负责).
                self.initial["services"] = [service.pk]
                if owners.filter(pk=service.owner_org_id).exists():
                    self.initial["owner_org"] = service.owner_org_id
            now = now_to_the_minute()
            self.initial.setdefault("reported_at", now)
            self.initial.setdefault("detected_at", now)

    def clean(self):
        data = super().clean()
        for field, message in timestamp_errors(data.get("occurred_at"), data.get("detected_at"),
                                               data.get("reported_at")).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class FaultUpdateForm(forms.Form):
    at = datetime_field(_("Time"))
    note = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, fault, **kwargs):
        super().__init__(*args, **kwargs)
        self.fault = fault
        self.initial.setdefault("at", now_to_the_minute())

    def clean_at(self):
        at = self.cleaned_data["at"]
        if timestamp_errors(None, None, at).get("reported_at"):
            raise forms.ValidationError(_("This time is in the future."))
        if at < self.fault.occurred_at:
            raise forms.ValidationError(_("A note cannot be earlier than the fault itself."))
        return at

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write what was found or done."))
        return note


class FaultReviewForm(forms.Form):
    """The post-incident review (复盘) that closes a fault: cause, lessons, measures, all required."""

    cause = forms.CharField(label=_("Cause"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(label=_("Lessons learned"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("Measures taken against recurrence"), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    comment = forms.CharField(label=_("Comment"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
