"""The hotline's time limits move from the WorkOrderTimeLimit table to policy parameters (第十八条).

Rows still at their defaults need nothing: the parameters declare the same defaults. An edited row becomes a
parameter version effective today, reason "迁移自热线时限表", set by whoever last edited the row. The table had an
acknowledgement limit per type while there is one HOTLINE_ACK_WORKING_DAYS parameter: when the edited rows
disagree, the longest one is kept, so that no work order gets less time to acknowledge than before.
The next migration drops the table.
"""

from django.db import migrations
from django.utils import timezone

REASON = "迁移自热线时限表"
ARTICLE = "第十八条"
DEFAULT_ACK = 1
DEFAULT_HANDLE = {"consultation": 2, "help_request": 10, "suggestion": 10, "complaint": 15, "report": 15}
HANDLE_PARAMETER = {
    "consultation": "HOTLINE_HANDLE_WORKING_DAYS_CONSULTATION",
    "help_request": "HOTLINE_HANDLE_WORKING_DAYS_HELP_REQUEST",
    "suggestion": "HOTLINE_HANDLE_WORKING_DAYS_SUGGESTION",
    "complaint": "HOTLINE_HANDLE_WORKING_DAYS_COMPLAINT",
    "report": "HOTLINE_HANDLE_WORKING_DAYS_REPORT",
}


def versions_from_rows(rows):
    """[(parameter name, value, set_by id)] for rows of (type, ack days, handle days, updated_by id) that differ
    from the defaults."""
    versions = []
    edited_ack = [(ack, by) for _type, ack, _handle, by in rows if ack != DEFAULT_ACK]
    if edited_ack:
        ack, by = max(edited_ack, key=lambda item: item[0])
        versions.append(("HOTLINE_ACK_WORKING_DAYS", ack, by))
    for type_, _ack, handle, by in rows:
        if type_ in HANDLE_PARAMETER and handle != DEFAULT_HANDLE[type_]:
            versions.append((HANDLE_PARAMETER[type_], handle, by))
    return versions


def forwards(apps, schema_editor):
    WorkOrderTimeLimit = apps.get_model("maintenance", "WorkOrderTimeLimit")
    ParameterVersion = apps.get_model("policy", "ParameterVersion")
    rows = list(WorkOrderTimeLimit.objects.order_by("pk").values_list(
        "type", "ack_working_days", "handle_working_days", "updated_by_id"))
    today = timezone.localdate()
    for name, value, by in versions_from_rows(rows):
        ParameterVersion.objects.get_or_create(name=name, effective_from=today, defaults={
            "value": value, "article": ARTICLE, "reason": REASON, "set_by_id": by})


class Migration(migrations.Migration):

    dependencies = [
        ('maintenance', '0003_policy_values_on_records'),
        ('policy', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
