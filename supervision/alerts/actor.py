"""The electronic supervision system actor: the account in whose name the rule runner raises, escalates and
resolves alerts. It belongs to the provincial authority, holds no role, cannot sign in, and is created on first
use (so it exists on every database without a data migration)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from ganfutong_admin.orgs.models import OrgUnit

USERNAME = "supervision_system"
FULL_NAME = "电子监察（系统）"


def system_actor():
    User = get_user_model()
    user = User.objects.filter(username=USERNAME).select_related("org_unit").first()
    if user is not None:
        return user
    org = OrgUnit.objects.filter(kind="provincial_authority").order_by("path").first()
    user = User(username=USERNAME, full_name=FULL_NAME, org_unit=org, email="")
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # another run created it a moment ago
        return User.objects.select_related("org_unit").get(username=USERNAME)
    return user
