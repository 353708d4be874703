"""The policy parameter a record was judged by is kept on the record (the measures' limits are now versioned
policy parameters, no longer settings):

- FaultReport.report_limit_minutes: the reporting limit in force when the fault occurred; the "reported late"
  flag is computed in SQL against it. Existing reports get 60, the value every one of them was judged by so far.
- AdvanceFiling.required_working_days: the lead time in force at the first submission. Filings submitted already
  get 3 (the value their filed_late was computed with); drafts keep null until they are submitted.
"""

from django.db import migrations, models


def backfill_lead_time(apps, schema_editor):
    AdvanceFiling = apps.get_model("maintenance", "AdvanceFiling")
    AdvanceFiling.objects.filter(first_submitted_at__isnull=False, required_working_days__isnull=True).update(
        required_working_days=3)


class Migration(migrations.Migration):

    dependencies = [
        ('maintenance', '0002_budgetplan_sign_off_permission'),
    ]

    operations = [
        migrations.AddField(
            model_name='faultreport',
            name='report_limit_minutes',
            field=models.PositiveIntegerField(default=60, editable=False, verbose_name='reporting limit (minutes)'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalfaultreport',
            name='report_limit_minutes',
            field=models.PositiveIntegerField(default=60, editable=False, verbose_name='reporting limit (minutes)'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='advancefiling',
            name='required_working_days',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='required lead (working days)'),
        ),
        migrations.AddField(
            model_name='historicaladvancefiling',
            name='required_working_days',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='required lead (working days)'),
        ),
        migrations.RunPython(backfill_lead_time, migrations.RunPython.noop),
    ]
