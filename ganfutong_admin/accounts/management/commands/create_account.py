"""Create one real account with one role: the first administrators of a fresh production database.

seed_demo refuses production (its users share a published password); an operator starts instead with
    manage.py create_account sys_admin1 --org 360000 --role sys_admin --full-name "…" --email …
and types the password twice (or passes it in the environment variable named by --password-env, for scripts).
The password must pass the same validators as the site's own; the grant is written to the security log.
Later accounts are made in the app by sys_admin and given roles by sec_admin.
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ganfutong_admin.accounts.roles import ROLE_PERMISSIONS
from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Create one account with one role (the first administrators of a production database)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="code of the account's org unit (e.g. 360000)")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_PERMISSIONS), help="one role of ROLES.md")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-env", metavar="VARIABLE",
                            help="read the password from this environment variable instead of asking for it")

    def handle(self, username, org, role, full_name, email, password_env, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The account {username!r} already exists.")
        try:
            org_unit = OrgUnit.objects.get(code=org)
        except OrgUnit.DoesNotExist:
            raise CommandError(f"No org unit has the code {org!r}.") from None
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"The role {role!r} does not exist: run `manage.py migrate` first.")
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        user = User(username=username, org_unit=org_unit, full_name=full_name, email=email)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("The password is refused: " + " ".join(exc.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)
            record(EventKind.ROLE_CHANGE, target=username, username="manage.py create_account",
                   granted=[role], org_unit=org_unit.code)
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({role}, {org_unit.code})."))
