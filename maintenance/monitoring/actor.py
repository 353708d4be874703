"""The monitoring system actor: the account in whose name the monitor opens and resolves anomalies.

The kernel engine needs a real, active user for every transition (scope check, timeline, history). This one
belongs to the operator (who runs monitoring, 第九条/第十七条), holds exactly the two permissions it uses as
direct grants (no role: it is not a person and never appears in a role's member list), and cannot log in
(unusable password). It is created on first use, so it exists on every database without a data migration
(and again after a test flushes the tables).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction

from ganfutong_admin.orgs.models import OrgUnit

USERNAME = "monitoring_system"
FULL_NAME = "可用性监测（系统）"
CODENAMES = ("view_availabilityanomaly", "manage_monitoring")


def system_actor():
    """The account (created on first use). If an administrator disabled it, it stays disabled: the monitor's
    transitions are then refused by the engine and logged, and people resolve anomalies by hand."""
    User = get_user_model()
    user = User.objects.filter(username=USERNAME).select_related("org_unit").first()
    if user is not None:
        return user
    org = (OrgUnit.objects.operator()
           or OrgUnit.objects.filter(kind="provincial_authority").order_by("path").first())
    user = User(username=USERNAME, full_name=FULL_NAME, org_unit=org, email="")
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # another run created it a moment ago
        return User.objects.select_related("org_unit").get(username=USERNAME)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="maintenance",
                                                        codename__in=CODENAMES))
    return User.objects.select_related("org_unit").get(pk=user.pk)


def is_system_actor(user):
    return getattr(user, "username", None) == USERNAME
