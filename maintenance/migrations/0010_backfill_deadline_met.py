"""Back-fill the deadline facts (workflow.deadlines) on work-order timeline rows written before they were stored,
where the work order still tells the deadline: the last acknowledgement while its acknowledge-by time is kept,
and the last reply of an order still replied or called back (its due_at is that reply's deadline). Older rows
stay NULL ("no deadline recorded")."""

from django.db import migrations


def backfill(apps, schema_editor):
    from ganfutong_admin.workflow.deadlines import late_working_days

    WorkOrderEvent = apps.get_model("maintenance", "WorkOrderEvent")
    last = {}
    for event in (WorkOrderEvent.objects.filter(action__in=("acknowledge", "reply"), late_working_days__isnull=True)
                  .select_related("work_order").order_by("created_at", "pk")):
        last[(event.work_order_id, event.action)] = event
    for (_pk, action), event in last.items():
        work_order = event.work_order
        if action == "acknowledge":
            due = work_order.ack_due_at
        else:
            due = work_order.due_at if work_order.status in ("replied", "closed") else None
        if due is None:
            continue
        WorkOrderEvent.objects.filter(pk=event.pk).update(
            deadline_at=due, late_working_days=late_working_days(due, event.created_at))


class Migration(migrations.Migration):

    dependencies = [
        ("maintenance", "0009_timeline_keeps_deadline_met"),
        ("workflow", "0006_timeline_keeps_deadline_met"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
