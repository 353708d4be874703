from django.db import migrations


def create_roles(apps, schema_editor):
    """The roles of ROLES.md as groups. Their permissions are attached after migrate (roles.sync_roles),
    because permissions of later migrations do not exist yet at this point."""
    from ganfutong_admin.accounts.roles import ROLE_PERMISSIONS

    Group = apps.get_model("auth", "Group")
    for name in ROLE_PERMISSIONS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
