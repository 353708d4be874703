from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FindingResult, Inspection, InspectionKind, InspectionTemplate, InspectionTemplateItem, Severity
from .policy import org_units_for_kind

SEVERITY_CHOICES = [("", _("— severity —")), *Severity.choices]


# --- templates (checklists) -------------------------------------------------------------------------------------

class InspectionTemplateForm(forms.ModelForm):
    class Meta:
        model = InspectionTemplate
        fields = ["name", "kind", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.inspections.exists():
            # Inspections already follow it as this kind: the kind stays.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Inspections already use this template, so its kind is fixed.")

    def clean_name(self):
        return (self.cleaned_data.get("name") or "").strip()

    def clean(self):
        data = super().clean()
        name, kind = data.get("name"), data.get("kind")
        if name and kind and InspectionTemplate.objects.filter(kind=kind, name__iexact=name).exclude(
                pk=self.instance.pk).exists():
            # Reported on the field in plain words (the field's error also skips the constraint's own message).
            self.add_error("name", _("A template of this kind with this name already exists."))
        return data


class TemplateItemForm(forms.ModelForm):
    class Meta:
        model = InspectionTemplateItem
        fields = ["text"]
        labels = {"text": _("Check item")}


class BaseTemplateItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        texts = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            text = (form.cleaned_data.get("text") or "").strip()
            if not text:
                continue
            if text in texts:
                form.add_error("text", _("This check item is listed twice."))
            texts.append(text)


def template_item_formset(extra):
    return forms.inlineformset_factory(
        InspectionTemplate, InspectionTemplateItem, form=TemplateItemForm, formset=BaseTemplateItemFormSet,
        extra=extra, min_num=1, validate_min=True, can_delete=True, max_num=100, validate_max=True,
    )


# --- inspections -------------------------------------------------------------------------------------------------

class TemplateChoiceForm(forms.Form):
    """First step of a new inspection: which kind, against which checklist."""

    kind = forms.ChoiceField(label=_("Kind"))
    template = forms.ModelChoiceField(queryset=InspectionTemplate.objects.none(), label=_("Inspection template"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .policy import kinds_for

        kinds = kinds_for(user)
        self.fields["kind"].choices = [(k, InspectionKind(k).label) for k in kinds]
        self.fields["template"].queryset = (InspectionTemplate.objects.visible_to(user)
                                            .filter(is_active=True, kind__in=kinds).order_by("kind", "name"))
        self.fields["template"].label_from_instance = lambda t: f"{t.get_kind_display()} · {t.name}"

    def clean(self):
        data = super().clean()
        template, kind = data.get("template"), data.get("kind")
        if template and kind and template.kind != kind:
            self.add_error("template", _("This template is for another kind of inspection."))
        return data


class InspectionForm(forms.ModelForm):
    """The header of an inspection; the kind and the template are fixed when it is created."""

    class Meta:
        model = Inspection
        fields = ["owner_org", "inspected_on", "summary", "rectification_working_days"]
        widgets = {
            "inspected_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"owner_org": _("Inspected org unit")}

    def __init__(self, *args, user, kind, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_org"]
        field.queryset = org_units_for_kind(user, kind)
        field.label = _("Inspected org unit")
        self.fields["rectification_working_days"].widget.attrs.update(min=1, max=120)
        if not self.instance.pk:
            self.initial.setdefault("inspected_on", timezone.localdate())
            if kind == InspectionKind.DAILY and user.org_unit_id:
                self.initial.setdefault("owner_org", user.org_unit_id)

    def clean_inspected_on(self):
        day = self.cleaned_data["inspected_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The inspection date cannot be in the future."))
        return day


class FindingRowForm(forms.Form):
    """One checklist item: OK or a problem (a problem needs its severity and a description)."""

    result = forms.ChoiceField(choices=FindingResult.choices, widget=forms.RadioSelect, label=_("Result"),
                               error_messages={"required": _("Mark this item OK or a problem.")})
    severity = forms.ChoiceField(choices=SEVERITY_CHOICES, required=False, label=_("Severity"))
    description = forms.CharField(max_length=2000, required=False, label=_("Description"),
                                  widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, *args, item_text, template_item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_text = item_text
        self.template_item = template_item

    def clean(self):
        data = super().clean()
        if data.get("result") == FindingResult.PROBLEM:
            if not data.get("severity"):
                self.add_error("severity", _("Choose the severity of the problem."))
            if not (data.get("description") or "").strip():
                self.add_error("description", _("Describe the problem found."))
        return data


class FreeFindingForm(forms.Form):
    """A problem found outside the checklist. An empty row is ignored."""

    check_item = forms.CharField(max_length=300, required=False, label=_("Problem"))
    severity = forms.ChoiceField(choices=SEVERITY_CHOICES, required=False, label=_("Severity"))
    description = forms.CharField(max_length=2000, required=False, label=_("Description"),
                                  widget=forms.Textarea(attrs={"rows": 1}))

    def clean(self):
        data = super().clean()
        filled = [bool((data.get(f) or "").strip()) for f in ("check_item", "severity", "description")]
        if any(filled) and not all(filled):
            for name, present in zip(("check_item", "severity", "description"), filled, strict=True):
                if not present:
                    self.add_error(name, _("A finding outside the checklist needs what, how severe and a "
                                           "description."))
        return data

    @property
    def is_empty(self):
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("check_item") or "").strip()


FreeFindingFormSet = forms.formset_factory(FreeFindingForm, extra=2, max_num=50, validate_max=True)


class CompleteForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    working_days = forms.IntegerField(min_value=1, max_value=120, required=False,
                                      label=_("Rectification deadline (working days)"))
    comment = forms.CharField(required=False, max_length=4000, label=_("Comment"),
                              widget=forms.Textarea(attrs={"rows": 2}))
