"""Citizens' personal data in work orders (第二十一条), as the user may see it.

The kernel (ganfutong_admin.privacy) encrypts, hashes and masks; this module decides what a page, an export
or an API response shows: masked always, unless the user holds accounts.unmask_personal_data AND asked to
unmask this one record: one field at a time on the detail page (a button beside each), `?unmask=true` on the API
detail. Each unmasked field writes a security event naming it (masking.display does the logging).

Free text written by citizens or staff (title, content, reply, comments) may hold a phone or ID number too: it
is masked at intake (models.WorkOrder.seal_free_text, the other models' save()), so what is stored, listed and
searched is the masked text; a work order keeps the original wording sealed for those who may unmask it.
"""

import time

from ganfutong_admin.privacy.masking import can_unmask, display, mask_free_text

__all__ = ["mask_free_text", "wants_unmask", "unmask_field", "masked_citizen", "citizen_for", "masked_history",
           "phone_key", "phone_search_refusal"]

TRUTHY = {"1", "true", "yes", "on"}


def wants_unmask(params):
    """Did the request ask to unmask (`unmask=true`)? Only the detail page and the API detail honour it."""
    return str(params.get("unmask", "")).lower() in TRUTHY


def masked_citizen(work_order):
    """Name, phone and ID number masked: lists, exports, notifications and the API list."""
    return {
        "name": display(work_order.citizen_name, "name"),
        "phone": display(work_order.citizen_phone, "phone"),
        "id_number": display(work_order.citizen_id_number, "id_number") if work_order.citizen_id_number else "",
    }


# What the detail page unmasks, one at a time (each a security event naming it): the citizen's name, phone, ID
# number, and the original wording of the free text (title, content, reply) that held a personal number.
UNMASK_FIELDS = ("name", "phone", "id_number", "text")


def unmask_field(params):
    """The one field the page asked to show (`unmask=phone`), or "" for anything else."""
    value = str(params.get("unmask", ""))
    return value if value in UNMASK_FIELDS else ""


def citizen_for(work_order, user, *, unmask=False, request=None):
    """The citizen's data and the free text of one work order as this user may see it now.

    `unmask` is a field of UNMASK_FIELDS (the detail page: one at a time), True (the API's `?unmask=true`: all) or
    false. Returns (values, unmasked): the fields shown in full (empty unless the user may unmask and asked to);
    each is logged as a security event naming the field."""
    if not (unmask and can_unmask(user)):
        unmasked = frozenset()
    else:
        unmasked = frozenset(UNMASK_FIELDS) if unmask is True else frozenset({unmask}) & set(UNMASK_FIELDS)
    target = f"work order {work_order.reference}"

    def show(value, kind):
        if not value:
            return ""
        return display(value, kind, user, unmask=kind in unmasked, request=request, target=target)

    text = "text" in unmasked
    if text and work_order.sealed_text:
        from ganfutong_admin.audit.models import EventKind, record

        record(EventKind.UNMASK, user=user, request=request, target=target, field="free_text")
    values = {
        "name": show(work_order.citizen_name, "name"),
        "phone": show(work_order.citizen_phone, "phone"),
        "id_number": show(work_order.citizen_id_number, "id_number"),
        # Stored masked (models.WorkOrder.seal_free_text); the sealed original only when unmasked.
        "title": work_order.original_text("title") if text else mask_free_text(work_order.title),
        "content": work_order.original_text("content") if text else mask_free_text(work_order.content),
        "reply": work_order.original_text("reply") if text else mask_free_text(work_order.reply),
    }
    return values, unmasked


def masked_history(history):
    """simple-history rows for the history table, their change reasons masked for display."""
    rows = list(history)
    for row in rows:
        row.history_change_reason = mask_free_text(row.history_change_reason)
    return rows


def phone_key(phone):
    """What a list carries in its URL instead of a searched phone number: the keyed hash of it."""
    from ganfutong_admin.privacy.crypto import normalize_phone, search_hash

    return search_hash(normalize_phone(phone))


def phone_search_refusal(user, phone, request=None):
    """Why `user` may not search work orders by this exact phone number now, or None (and the search is written
    to the security log, the number masked).

    An exact-phone search answers "did this number call?" for any number: it needs the unmask permission, and
    even then it is rate-limited (settings.PHONE_SEARCH_LIMIT per PHONE_SEARCH_WINDOW_SECONDS per user)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils.translation import gettext as _

    from ganfutong_admin.audit.models import EventKind, record
    from ganfutong_admin.privacy.crypto import normalize_phone
    from ganfutong_admin.privacy.masking import mask_phone

    if not can_unmask(user):
        return _("Searching by a caller's exact phone number needs the permission to see personal data.")
    window = settings.PHONE_SEARCH_WINDOW_SECONDS
    key = f"hotline:phone-search:{user.pk}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > settings.PHONE_SEARCH_LIMIT:
        return _("Too many searches by phone number: at most %(limit)s in %(minutes)s minutes. Try again later.") % {
            "limit": settings.PHONE_SEARCH_LIMIT, "minutes": max(1, window // 60)}
    record(EventKind.PERSONAL_DATA_SEARCH, user=user, request=request, target="work orders", field="phone",
           value=mask_phone(normalize_phone(phone)))
    return None
