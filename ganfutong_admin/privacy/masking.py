"""Masking for display: every page, export and API response shows personal data masked
unless the user holds accounts.unmask_personal_data (and then each unmask is logged)."""

from ganfutong_admin.audit.models import EventKind, record

UNMASK_PERMISSION = "accounts.unmask_personal_data"


def mask_phone(phone):
    """13812345678 -> 138****5678; other lengths keep at most the first 3 and last 4 characters."""
    s = str(phone or "")
    if len(s) <= 4:
        return "*" * len(s)
    if len(s) <= 7:
        return s[:1] + "*" * (len(s) - 3) + s[-2:]
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


def mask_id_number(value):
    """360102199001011234 -> 360***********1234."""
    s = str(value or "")
    if len(s) <= 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


def mask_name(name):
    """张三 -> 张*; 欧阳小明 -> 欧***."""
    s = str(name or "")
    if len(s) <= 1:
        return s
    return s[0] + "*" * (len(s) - 1)


MASKERS = {"phone": mask_phone, "id_number": mask_id_number, "name": mask_name}


def can_unmask(user):
    return bool(user and user.is_authenticated and user.has_perm(UNMASK_PERMISSION))


def display(value, kind, user=None, *, unmask=False, request=None, target=""):
    """The value as this user may see it. Unmasking needs the permission and is logged each time."""
    if unmask and can_unmask(user):
        record(EventKind.UNMASK, user=user, request=request, target=target, field=kind)
        return value
    return MASKERS[kind](value)
