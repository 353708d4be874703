"""What an edit in a record's history changed (issue 15, point 11): simple-history keeps every version; a row of the
history table shows the fields changed, old → new, with the field's own (Chinese) label. Personal data never shows:
encrypted fields say only that they changed, and text is masked as every page masks it."""

from django import template
from django.db import models
from django.utils.translation import gettext as _

from ganfutong_admin.privacy.fields import EncryptedTextField
from ganfutong_admin.privacy.text import mask_free_text

register = template.Library()

# Bookkeeping, not content: never listed as a change.
SKIPPED = {"version", "updated_at", "modified_at"}


def _shown(field, value, related):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.ForeignKey):
        return related.get((field.related_model, value), f"#{value}")
    if isinstance(field, models.DateTimeField):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if hasattr(value, "tzinfo") else str(value)
    return mask_free_text(str(value))


@register.filter
def with_changes(history):
    """The history rows (newest first), each with `changes`: [{label, old, new}] against the version before."""
    rows = list(history)
    for i, row in enumerate(rows):
        row.changes = []
        if row.history_type != "~":
            continue
        older = rows[i + 1] if i + 1 < len(rows) else row.prev_record
        if older is None:
            continue
        model = row.instance_type
        # A model names the fields some readers may not see (HISTORY_HIDDEN_FIELDS): the history never shows them.
        hidden = set(getattr(model, "HISTORY_HIDDEN_FIELDS", ()))
        excluded = [f.name for f in model._meta.concrete_fields
                    if not f.editable or f.name in SKIPPED or f.name in hidden]
        try:
            delta = row.diff_against(older, excluded_fields=excluded)
        except Exception:  # a field list changed between the versions (a migration): show no diff
            continue
        wanted = {}
        for change in delta.changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, models.ForeignKey):
                for value in (change.old, change.new):
                    if value is not None:
                        wanted.setdefault(field.related_model, set()).add(value)
        related = {}
        for related_model, pks in wanted.items():
            for obj in related_model._base_manager.filter(pk__in=pks):
                related[(related_model, obj.pk)] = str(obj)
        for change in delta.changes:
            field = model._meta.get_field(change.field)
            if isinstance(field, EncryptedTextField):
                old = new = _("(personal data, not shown)")
            else:
                old, new = _shown(field, change.old, related), _shown(field, change.new, related)
            row.changes.append({"field": change.field, "label": str(field.verbose_name), "old": old, "new": new})
    return rows
