"""Back-fill the deadline facts (workflow.deadlines) on the timeline rows written before they were stored, where
the record still tells the deadline:

- a rectification's answer and acceptance: its due_at (it never moves);
- a filing's last review decision after its last submission: the filing's due_at (the review deadline of that
  submission; earlier submissions' deadlines were overwritten and are left empty);
- an emergency filing's written filing: the oral report's time plus the written-filing limit in force then.

Rows whose deadline cannot be told stay NULL ("no deadline recorded"), never guessed as on time."""

from django.db import migrations


def backfill(apps, schema_editor):
    from ganfutong_admin.policy.parameters import value as policy_value
    from ganfutong_admin.workflow.calendar import add_working_days
    from ganfutong_admin.workflow.deadlines import late_working_days
    from ganfutong_admin.workflow.parameters import EMERGENCY_WRITTEN_FILING_WORKING_DAYS

    RectificationEvent = apps.get_model("workflow", "RectificationEvent")
    FilingEvent = apps.get_model("workflow", "FilingEvent")
    OralReport = apps.get_model("workflow", "OralReport")

    for event in (RectificationEvent.objects.filter(action__in=("submit", "accept"), late_working_days__isnull=True)
                  .select_related("rectification")):
        due = event.rectification.due_at
        RectificationEvent.objects.filter(pk=event.pk).update(
            deadline_at=due, late_working_days=late_working_days(due, event.created_at))

    last_review = {}
    for event in (FilingEvent.objects.filter(action__in=("approve", "acknowledge", "return", "reject"),
                                             late_working_days__isnull=True)
                  .select_related("filing").order_by("created_at", "pk")):
        filing = event.filing
        if filing.due_at and filing.submitted_at and event.created_at >= filing.submitted_at:
            last_review[filing.pk] = event
    for event in last_review.values():
        due = event.filing.due_at
        FilingEvent.objects.filter(pk=event.pk).update(
            deadline_at=due, late_working_days=late_working_days(due, event.created_at))

    reported = dict(OralReport.objects.values_list("filing_id", "reported_at"))
    for event in FilingEvent.objects.filter(action="submit_written", late_working_days__isnull=True):
        at = reported.get(event.filing_id)
        if at is None:
            continue
        due = add_working_days(at, policy_value(EMERGENCY_WRITTEN_FILING_WORKING_DAYS, at)).end_of_day
        FilingEvent.objects.filter(pk=event.pk).update(
            deadline_at=due, late_working_days=late_working_days(due, event.created_at))


class Migration(migrations.Migration):

    dependencies = [
        ("workflow", "0006_timeline_keeps_deadline_met"),
        ("policy", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
