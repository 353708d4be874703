from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.core.scoping import org_units_for
from ganfutong_admin.workflow.uploads import validate_evidence, validate_upload

from .models import FILED_FIELDS, SelfTestReport, Service, StandardItem, TechStandard, filed_field_errors

# What a service form edits. Status, listing dates and the standard move only through filings,
# the workflow and self-tests.
SERVICE_FIELDS = ["owner_org", "name", "code", "zone", "category", "entry_url", "description"]


def clean_http_url(value):
    """Entry addresses are web addresses: http or https only (not javascript:, ftp: or a bare host)."""
    value = (value or "").strip()
    if value and urlsplit(value).scheme.lower() not in ("http", "https"):
        raise forms.ValidationError(_("Only http:// or https:// addresses are allowed."))
    return value


class OwnedForm(forms.ModelForm):
    """The owner field lists only the org units the user may own records in."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["owner_org"]
        field.queryset = org_units_for(user, self._meta.model, "add")
        field.label = _("Org unit")
        if not self.instance.pk and user.org_unit_id and field.queryset.filter(pk=user.org_unit_id).exists():
            self.initial["owner_org"] = user.org_unit_id


class ServiceForm(VersionedFormMixin, OwnedForm):
    entry_url = forms.URLField(
        label=_("entry URL"), max_length=500, required=False, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The address citizens open on the platform (http:// or https://)."),
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"code": _("Unique across the province, e.g. 360102-SB-0001.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A listed service's name, code and entry URL change only through an approved update filing (第十一条).
        self.filed_locked = bool(filed_field_errors(self.instance, {name: "\0" for name in FILED_FIELDS}))
        if self.filed_locked:
            for name in FILED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Approved through filings: this changes only through an approved "
                                                "update filing (第十一条).")

    def clean(self):
        data = super().clean()
        if self.filed_locked:
            # Disabled fields keep their stored value; a posted different value is refused, not silently dropped.
            posted = {name: self.data[name] for name in FILED_FIELDS if name in self.data}
            for name, message in filed_field_errors(self.instance, posted).items():
                self.add_error(name, message)
        return data

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        clash = Service.objects.filter(code__iexact=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if code and clash.exists():
            raise forms.ValidationError(
                _("The service code “%(code)s” is already used by another service."), params={"code": code})
        return code

    def clean_name(self):
        return (self.cleaned_data.get("name") or "").strip()

    def clean_entry_url(self):
        return clean_http_url(self.cleaned_data.get("entry_url"))


class TechStandardForm(forms.ModelForm):
    class Meta:
        model = TechStandard
        fields = ["version", "title", "published_on", "note"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"version": _("e.g. 2.0; one version number per published standard.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("published_on", timezone.localdate())
            self.initial.setdefault("title", _("Ganfutong platform technical management standard"))

    def clean_version(self):
        version = (self.cleaned_data.get("version") or "").strip()
        if TechStandard.objects.filter(version__iexact=version).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Version %(version)s already exists."), params={"version": version})
        return version


class StandardItemForm(forms.ModelForm):
    class Meta:
        model = StandardItem
        fields = ["text", "required"]
        labels = {"text": _("Check item")}


class BaseStandardItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        texts = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data.get("text"):
                continue
            text = form.cleaned_data["text"].strip()
            if text in texts:
                form.add_error("text", _("This check item is listed twice."))
            texts.append(text)


StandardItemFormSet = forms.inlineformset_factory(
    TechStandard, StandardItem, form=StandardItemForm, formset=BaseStandardItemFormSet,
    extra=3, min_num=1, validate_min=True, can_delete=False, max_num=100, validate_max=True,
)


class SelfTestReportForm(forms.ModelForm):
    class Meta:
        model = SelfTestReport
        fields = ["tested_on", "tester", "summary"]
        widgets = {
            "tested_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("tested_on", timezone.localdate())
        if user is not None:
            self.initial.setdefault("tester", getattr(user, "full_name", "") or user.get_username())

    def clean_tested_on(self):
        tested_on = self.cleaned_data["tested_on"]
        if tested_on > timezone.localdate():
            raise forms.ValidationError(_("The test date cannot be in the future."))
        return tested_on


PASS_CHOICES = [("yes", _("Passed")), ("no", _("Failed"))]
# An optional item (选做) may also be marked not applicable, or left unmarked: it records no result.
NOT_APPLICABLE = "na"
OPTIONAL_CHOICES = [*PASS_CHOICES, (NOT_APPLICABLE, _("Not applicable"))]


def _passed(value):
    return {"yes": True, "no": False}.get(value)


class SelfTestResultForm(forms.Form):
    """One checklist item of the standard in force: passed or failed, a note, optional evidence. An optional item
    (选做) may be left unmarked or marked not applicable; `passed` is then None and no result is recorded."""

    passed = forms.TypedChoiceField(choices=PASS_CHOICES, coerce=_passed, empty_value=None,
                                    widget=forms.RadioSelect, label=_("Result"),
                                    error_messages={"required": _("Mark this item passed or failed.")})
    note = forms.CharField(max_length=500, required=False, label=_("Note"))
    evidence = forms.FileField(required=False, validators=[validate_evidence], label=_("Evidence"))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if not item.required:
            field = self.fields["passed"]
            field.required = False
            field.choices = OPTIONAL_CHOICES

    def clean(self):
        data = super().clean()
        if data.get("passed") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what failed."))
        return data


class ServiceImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    only_valid = forms.BooleanField(
        required=False, label=_("Import the valid rows even if other rows have errors"),
        help_text=_("Unticked: a file with any error imports nothing."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The one upload validator: size, extension, content, no program inside the workbook.
        try:
            validate_upload(upload, {"xlsx"}, extension_message=_("Upload an Excel workbook (.xlsx)."),
                            content_message=_("The file is not a valid .xlsx workbook."))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload
