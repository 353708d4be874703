"""The opening comment of availability anomalies named the cause of the failures ("…failed (last error: connection
refused)."), which the owner reads on the timeline and which maps the ports of a host. Keep the count only."""

import re

from django.db import migrations

CAUSE = re.compile(r"\s*[（(][^（）()]*[）)]\s*(?=[。.]?\s*$)")


def drop_the_cause(apps, schema_editor):
    AnomalyEvent = apps.get_model("maintenance", "AnomalyEvent")
    for event in AnomalyEvent.objects.filter(action="open").exclude(comment="").only("pk", "comment").iterator():
        comment = CAUSE.sub("", event.comment)
        if comment != event.comment:
            AnomalyEvent.objects.filter(pk=event.pk).update(comment=comment)


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0005_delete_workordertimelimit")]

    operations = [migrations.RunPython(drop_the_cause, migrations.RunPython.noop)]
