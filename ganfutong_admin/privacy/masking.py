"""Masking for display: every page, export and API response shows personal data masked
unless the user holds accounts.unmask_personal_data (and then each unmask is logged)."""

from ganfutong_admin.audit.models import EventKind, record

from .text import (  # noqa: F401 — the masking functions are used through this module
    ID_NUMBER_IN_TEXT,
    LANDLINE_IN_TEXT,
    MASKERS,
    MOBILE_IN_TEXT,
    mask_free_text,
    mask_id_number,
    mask_name,
    mask_phone,
)

UNMASK_PERMISSION = "accounts.unmask_personal_data"


def can_unmask(user):
    return bool(user and user.is_authenticated and user.has_perm(UNMASK_PERMISSION))


def display(value, kind, user=None, *, unmask=False, request=None, target=""):
    """The value as this user may see it. Unmasking needs the permission and is logged each time."""
    if unmask and can_unmask(user):
        record(EventKind.UNMASK, user=user, request=request, target=target, field=kind)
        return value
    return MASKERS[kind](value)
