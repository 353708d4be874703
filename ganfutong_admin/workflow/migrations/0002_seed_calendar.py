from django.db import migrations


def seed(apps, schema_editor):
    """Holidays and make-up working days of every year chinese-calendar knows (2004 onwards)."""
    from ganfutong_admin.workflow.calendar import seed_from_library

    seed_from_library(apps.get_model("workflow", "CalendarDay"), apps.get_model("workflow", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
