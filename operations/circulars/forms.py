from django import forms
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.core.editing import VersionedFormMixin
from ganfutong_admin.orgs.models import OrgKind, OrgUnit

from .models import Circular, CircularEntry


class CircularForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Circular
        fields = ["number", "title", "recipients", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class CircularEntryForm(forms.ModelForm):
    class Meta:
        model = CircularEntry
        fields = ["org_unit", "result", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True).exclude(
            kind=OrgKind.PROVINCIAL_AUTHORITY)


class BaseEntryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("Name at least one org unit with its result."))


EntryFormSet = forms.inlineformset_factory(Circular, CircularEntry, form=CircularEntryForm, formset=BaseEntryFormSet,
                                           extra=2, can_delete=True, max_num=200)
