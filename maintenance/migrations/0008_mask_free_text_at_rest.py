"""Personal numbers in stored free text are masked at rest (issue 11, point 1): the work-order search matched the
stored title, which the page shows masked, so a user without the unmask permission could recover a full phone or
ID number by watching the count change. New rows are masked at intake (models' save()); this masks the rows
already stored, history included. A work order keeps the original wording of a field it masks, encrypted, in
sealed_text (for those who may unmask); the other texts are only ever shown masked."""

import json

from django.db import migrations

from ganfutong_admin.privacy.masking import mask_free_text

WORK_ORDER_TEXT = ("title", "content", "reply")
TEXTS = {
    "WorkOrderEvent": ("comment",),
    "BadReviewEvent": ("comment",),
    "WorkOrderExtension": ("reason", "decision_comment"),
    "HistoricalWorkOrderExtension": ("reason", "decision_comment"),
    "BadReview": ("comment", "appeal_reason", "decision_comment"),
    "HistoricalBadReview": ("comment", "appeal_reason", "decision_comment"),
    "HistoricalWorkOrder": WORK_ORDER_TEXT,
}


def _masked(row, names):
    return {name: mask_free_text(getattr(row, name)) for name in names
            if getattr(row, name) and mask_free_text(getattr(row, name)) != getattr(row, name)}


def mask_at_rest(apps, schema_editor):
    WorkOrder = apps.get_model("maintenance", "WorkOrder")
    for order in WorkOrder.objects.only("pk", "sealed_text", *WORK_ORDER_TEXT).iterator(chunk_size=500):
        changes = _masked(order, WORK_ORDER_TEXT)
        if not changes:
            continue
        sealed = json.loads(order.sealed_text) if order.sealed_text else {}
        for name in changes:
            sealed[name] = getattr(order, name)
            setattr(order, name, changes[name])
        order.sealed_text = json.dumps(sealed, ensure_ascii=False, sort_keys=True)
        order.save(update_fields=[*changes, "sealed_text"])
    for model_name, names in TEXTS.items():
        model = apps.get_model("maintenance", model_name)
        key = model._meta.pk.attname
        for row in model.objects.only(key, *names).iterator(chunk_size=500):
            changes = _masked(row, names)
            if changes:
                model.objects.filter(**{key: getattr(row, key)}).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0007_work_order_sealed_text")]

    operations = [migrations.RunPython(mask_at_rest, migrations.RunPython.noop)]
