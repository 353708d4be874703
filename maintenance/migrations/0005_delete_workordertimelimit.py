"""The hotline's time limits are policy parameters now (0004 moved any edited rows): the table goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('maintenance', '0004_time_limits_to_policy_parameters'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='workordertimelimit',
            name='updated_by',
        ),
        migrations.DeleteModel(
            name='HistoricalWorkOrderTimeLimit',
        ),
        migrations.DeleteModel(
            name='WorkOrderTimeLimit',
        ),
    ]
