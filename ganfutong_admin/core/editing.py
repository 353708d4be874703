"""Page-side glue around core.scoping.scoped_save: the version an edit form carries, and the form errors a
refused save becomes (nothing the user typed is lost: the form is shown again with the reason)."""

from django import forms

from .scoping import EditConflict, OutOfScope, scoped_save


class VersionedFormMixin:
    """Adds a hidden `version`: the version of the record the editor loaded. Pass `version=` when the form edits
    details of another record (a filing's details carry the filing's version); a ModelForm of a versioned model
    takes its instance's."""

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk is not None:
            version = getattr(instance, "version", None)
        if version is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version, min_value=1)


def save_form(form, user, write, *, record=None, editable=None, action="change"):
    """scoped_save for a bound, valid form. Returns (saved record, 200) or (None, status) with the reason added to
    the form: 409 when someone else changed the record meanwhile, 400 when it would leave the user's scope."""
    version = form.cleaned_data.get("version")
    try:
        return scoped_save(user, write, action=action, record=record, version=version, editable=editable), 200
    except EditConflict as exc:
        form.add_error(None, exc.message)
        return None, 409
    except OutOfScope as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None, 400
