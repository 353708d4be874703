from django.db import migrations


def seed(apps, schema_editor):
    from ganfutong_admin.orgs.seed import seed_org_units

    seed_org_units(apps.get_model("orgs", "OrgUnit"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
