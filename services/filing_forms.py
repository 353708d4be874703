"""Forms of the service filings (第十条–第十一条): listing list, listing / update / delisting, and the
oral report of an emergency delisting. Every choice list is built from visible_to(); the views re-check
the saved record's scope."""

import re

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.workflow import kinds
from ganfutong_admin.workflow.models import Filing

from . import lifecycle
from .models import (
    ChangeKind,
    SelfTestReport,
    Service,
    ServiceChangeFiling,
    ServiceListFiling,
    ServiceStatus,
    TechStandard,
)

# Filing kind -> the change it files, and the service states it applies to.
CHANGE_OF_KIND = {
    "service_listing": ChangeKind.LISTING,
    "service_update": ChangeKind.UPDATE,
    "service_delisting": ChangeKind.DELISTING,
    "emergency_delisting": ChangeKind.EMERGENCY_DELISTING,
}
KIND_OF_CHANGE = {change: kind for kind, change in CHANGE_OF_KIND.items()}
# Kinds a user starts from the change form (the emergency filing starts from the oral report).
CREATABLE_KINDS = ("service_listing", "service_update", "service_delisting")
ELIGIBLE_STATES = {
    ChangeKind.LISTING: lifecycle.LISTABLE_STATES,
    ChangeKind.UPDATE: (ServiceStatus.LISTED,),
    ChangeKind.DELISTING: (ServiceStatus.LISTED,),
    ChangeKind.EMERGENCY_DELISTING: (ServiceStatus.DELISTED,),
}
NOT_ELIGIBLE = {
    ChangeKind.LISTING: _("Choose a service from the list: only planned or delisted services of your jurisdiction "
                          "can be filed for listing."),
    ChangeKind.UPDATE: _("Choose a service from the list: only listed services of your jurisdiction can be filed "
                         "for an update."),
    ChangeKind.DELISTING: _("Choose a service from the list: only listed services of your jurisdiction can be "
                            "filed for delisting."),
    ChangeKind.EMERGENCY_DELISTING: _("This service is not the one delisted in the emergency."),
}
DESCRIPTION_LABEL = {
    ChangeKind.LISTING: _("What is listed and why"),
    ChangeKind.UPDATE: _("What changes and why"),
    ChangeKind.DELISTING: _("Why the service is delisted, and where citizens can turn instead"),
    ChangeKind.EMERGENCY_DELISTING: _("Written account: what happened, what was done, when the service returns"),
}
PLANNED_LABEL = {
    ChangeKind.LISTING: _("Planned listing date"),
    ChangeKind.UPDATE: _("Planned update date"),
    ChangeKind.DELISTING: _("Planned delisting date"),
    ChangeKind.EMERGENCY_DELISTING: _("Expected date the service returns (if known)"),
}
# The new values an update filing may carry (第十一条): the only way a listed service's name, code and entry
# URL change.
UPDATE_FIELDS = ("new_name", "new_code", "new_entry_url")
PERIOD_RE = re.compile(r"^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.name}（{obj.code}）· {obj.owner_org.name} · {obj.get_status_display()}"
        if getattr(obj, "has_open_filing", None):
            label += " · " + str(_("a filing of the same kind is already in progress"))
        elif getattr(obj, "has_passed_self_test", None) is False:
            label += " · " + str(_("no passed self-test under the standard in force"))
        return label


class ServicesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）· {obj.owner_org.name}"


def with_self_test_flag(qs):
    current = TechStandard.current()
    passed = SelfTestReport.objects.filter(service=OuterRef("pk"), passed=True)
    passed = passed.filter(standard=current) if current else passed.none()
    return qs.annotate(has_passed_self_test=Exists(passed))


class ChangeFilingForm(VersionedFormMixin, forms.ModelForm):
    """A listing, update or delisting filing of one service (or the written filing of an emergency delisting).

    The owner of the filing is the owner of the service (谁建设、谁负责); the service cannot be changed once
    the filing exists (withdraw it and file again instead)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to name the filing after its kind and service."))
    new_entry_url = forms.URLField(label=_("new entry URL"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = ServiceChangeFiling
        fields = ["service", "description", "planned_on", "new_name", "new_code", "new_entry_url"]
        field_classes = {"service": ServiceChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "planned_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, kind, filing=None, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.kind, self.filing = user, kind, filing
        self.change = CHANGE_OF_KIND[kind]
        field = self.fields["service"]
        qs = Service.objects.visible_to(user, "change").select_related("owner_org").order_by("owner_org__path", "code")
        if filing is None:
            qs = qs.filter(status__in=ELIGIBLE_STATES[self.change])
        else:
            # The service is fixed; it is shown, and checked again, from the filing itself.
            qs = qs.filter(pk=self.instance.service_id)
            field.disabled = True
        if self.change == ChangeKind.LISTING:
            qs = with_self_test_flag(qs)
        if filing is None and self.change != ChangeKind.EMERGENCY_DELISTING:
            qs = qs.annotate(has_open_filing=Exists(lifecycle.open_change_filings(self.change).filter(
                service=OuterRef("pk"))))
        field.queryset = qs
        field.empty_label = _("— choose a service —")
        field.error_messages["invalid_choice"] = NOT_ELIGIBLE[self.change]
        if service is not None and filing is None:
            self.initial["service"] = service.pk
        self.fields["description"].label = DESCRIPTION_LABEL[self.change]
        self.fields["planned_on"].label = PLANNED_LABEL[self.change]
        if filing is not None:
            self.fields["title"].initial = filing.title
        if self.change == ChangeKind.UPDATE:
            for name in UPDATE_FIELDS:
                self.fields[name].help_text = _("Leave empty to keep it; applied when the filing is approved.")
            self.fields["new_entry_url"].widget.attrs["placeholder"] = "https://"
        else:
            for name in UPDATE_FIELDS:
                del self.fields[name]
        self.order_fields(["service", "title", "description", "planned_on", *UPDATE_FIELDS])

    def clean_new_name(self):
        return (self.cleaned_data.get("new_name") or "").strip()

    def clean_new_code(self):
        code = (self.cleaned_data.get("new_code") or "").strip()
        problem = lifecycle.code_clash(code, self.cleaned_data.get("service") or self.instance.service_id)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_new_entry_url(self):
        url = (self.cleaned_data.get("new_entry_url") or "").strip()
        if url and url.split(":", 1)[0].lower() not in ("http", "https"):
            raise forms.ValidationError(_("Only http:// or https:// addresses are allowed."))
        return url

    def clean_planned_on(self):
        planned = self.cleaned_data.get("planned_on")
        if planned and "planned_on" in self.changed_data and planned < timezone.localdate():
            raise forms.ValidationError(_("The planned date cannot be in the past."))
        return planned

    def clean(self):
        data = super().clean()
        service = data.get("service")
        if service is None:
            return data
        if self.filing is not None and self.change != ChangeKind.EMERGENCY_DELISTING and (
                service.status not in ELIGIBLE_STATES[self.change]):
            self.add_error(None, _("“%(service)s” is now “%(status)s”; this filing no longer applies. "
                                   "Withdraw it.") % {"service": service.name, "status": service.get_status_display()})
        if self.change != ChangeKind.EMERGENCY_DELISTING:
            # The one start check (services.starting, and what other chapters add): the service page's button
            # asks it too, so the button is never offered where this save would fail.
            for problem in kinds.start_problems(self.kind, self.user, service, exclude_filing=self.filing):
                if problem.blocks:
                    self.add_error("service", problem.message)
        return data


class ListFilingForm(VersionedFormMixin, forms.ModelForm):
    """上架服务清单报备 (应上尽上): the planned services of one org unit, for a period."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to name the filing after its org unit and period."))
    owner_org = forms.ModelChoiceField(queryset=None, label=_("Org unit"),
                                       help_text=_("The org unit whose services are listed."))

    class Meta:
        model = ServiceListFiling
        fields = ["period", "services", "note"]
        field_classes = {"services": ServicesChoiceField}
        widgets = {
            "period": forms.TextInput(attrs={"placeholder": "2026-Q4", "maxlength": 20}),
            "services": forms.CheckboxSelectMultiple(attrs={"class": "gft-service-check"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"period": _("A year (2026), a half-year (2026-H2), a quarter (2026-Q4) or a month (2026-10).")}

    def __init__(self, *args, user, filing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.filing = user, filing
        owners = org_units_for(user, Filing, "add")
        self.fields["owner_org"].queryset = owners
        if filing is not None:
            self.fields["title"].initial = filing.title
            self.fields["owner_org"].initial = filing.owner_org_id
        elif user.org_unit_id and owners.filter(pk=user.org_unit_id).exists():
            self.fields["owner_org"].initial = user.org_unit_id
        planned = Service.objects.visible_to(user, "change").filter(status=ServiceStatus.PLANNED)
        if self.instance.pk:
            # Services already on the list stay choosable even if their status has moved on since.
            planned = planned | Service.objects.visible_to(user, "change").filter(
                pk__in=self.instance.services.values("pk"))
        field = self.fields["services"]
        field.queryset = planned.select_related("owner_org").order_by("owner_org__path", "code")
        field.error_messages["invalid_choice"] = _(
            "Choose services from the list: only planned services of your jurisdiction can be on a listing list.")
        field.error_messages["required"] = _("Choose at least one service to be listed.")
        self.order_fields(["owner_org", "period", "title", "services", "note"])

    def clean_period(self):
        period = (self.cleaned_data.get("period") or "").strip().upper()
        if not PERIOD_RE.match(period):
            raise forms.ValidationError(_("Give the period as a year (2026), a half-year (2026-H2), a quarter "
                                          "(2026-Q4) or a month (2026-10)."))
        return period

    def clean(self):
        data = super().clean()
        owner, services = data.get("owner_org"), data.get("services")
        if owner is not None and services:
            foreign = [s for s in services if s.owner_org_id != owner.pk]
            if foreign:
                self.add_error("services", _("Only services of %(org)s can be on its list; not: %(services)s.") % {
                    "org": owner.name, "services": "、".join(s.name for s in foreign)})
        return data


class EmergencyReportForm(forms.Form):
    """The oral report of an emergency delisting (第十一条: 事先口头报告): who, to whom, when, why."""

    reported_by = forms.CharField(label=_("Reported by"), max_length=100,
                                  help_text=_("Name and post of the person who reported orally."))
    reported_to = forms.CharField(label=_("Reported to (provincial authority)"), max_length=100,
                                  help_text=_("Name and post of the person at the provincial authority who "
                                              "received the report."))
    reported_at = forms.DateTimeField(
        label=_("Reported at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Reason for the emergency delisting"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, user, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.initial.setdefault("reported_by", getattr(user, "full_name", "") or user.get_username())
        self.initial.setdefault("reported_at", timezone.localtime().replace(second=0, microsecond=0))
        self.initial.setdefault("version", service.version)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError(_("Give the reason in a sentence or two."))
        return reason
