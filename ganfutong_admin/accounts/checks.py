"""The separation of duties (三员分立, GB/T 22239-2019 level 3 访问控制) as a system check:
`manage.py check --database default` (and `migrate`) fails
while anyone holds two of the three system roles, a business role beside a system role, or is a superuser
outside the embedded demo (DJANGO_ENV=production is the province's system; anything else is the demo).

The rule itself is roles.separation_problems(), the same the role page applies before it saves."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from .roles import SYSTEM_ROLES, separation_problems

CHECK_ID = "accounts.E001"


def accounts_breaking_separation(demo=None, using="default"):
    """[(username, [message])] of every account that breaks the separation of duties. Two queries: the
    superusers and the holders of a system role, with all their roles."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    demo = not settings.PRODUCTION if demo is None else demo
    User = get_user_model()
    suspects = (User.objects.using(using).filter(Q(is_superuser=True) | Q(groups__name__in=SYSTEM_ROLES))
                .distinct().only("username", "is_superuser").prefetch_related("groups").order_by("username"))
    found = []
    for user in suspects:
        problems = separation_problems({g.name for g in user.groups.all()}, user.is_superuser, demo=demo)
        if problems:
            found.append((user.username, problems))
    return found


# A database check (it reads the accounts): `manage.py check --database default` and `migrate` run it; Celery's
# start-up checks and a plain `check` (no database named) do not touch the database.
@checks.register(checks.Tags.database, checks.Tags.security)
def check_separation_of_duties(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():  # only the databases the command names, as Django's own database checks
        try:
            found = accounts_breaking_separation(using=alias)
        except DatabaseError:  # not migrated yet (before the first migrate) or not reachable: nothing to check
            continue
        errors += [
            checks.Error(f"The account {username!r} {'; '.join(str(p) for p in problems)}.",
                         hint="Revoke the extra roles on the role page (sec_admin), or clear is_superuser.",
                         obj=username, id=CHECK_ID)
            for username, problems in found
        ]
    return errors
