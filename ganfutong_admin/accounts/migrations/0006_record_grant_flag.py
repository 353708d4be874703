"""User.has_record_grants: the users who hold a django-guardian grant on a single record (scoping adds the grant
branch for them only). Set from guardian's table for the grants that exist."""

from django.db import migrations, models


def flag_existing_grants(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    User.objects.filter(pk__in=UserObjectPermission.objects.values("user_id")).update(has_record_grants=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_record_grant"),
        ("guardian", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="has_record_grants",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(flag_existing_grants, migrations.RunPython.noop),
    ]
