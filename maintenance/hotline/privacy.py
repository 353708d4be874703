"""Citizens' personal data in work orders (第二十一条), as the user may see it.

The kernel (ganfutong_admin.privacy) encrypts, hashes and masks; this module decides what a page, an export
or an API response shows: masked always, unless the user holds accounts.unmask_personal_data AND asked to
unmask this one record (a button on the detail page, `?unmask=true` on the API detail). Each unmasked field
writes a security event (masking.display does the logging).

Free text written by citizens or staff (title, content, reply, comments) may hold a phone or ID number too: it
is masked at intake (models.WorkOrder.seal_free_text, the other models' save()), so what is stored, listed and
searched is the masked text; a work order keeps the original wording sealed for those who may unmask it.
"""

import time

from ganfutong_admin.privacy.masking import can_unmask, display, mask_free_text

__all__ = ["mask_free_text", "wants_unmask", "masked_citizen", "citizen_for", "masked_history", "phone_key",
           "phone_search_refusal"]

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


def citizen_for(work_order, user, *, unmask=False, request=None):
    """The citizen's data and the free text of one work order as this user may see it now.

    Returns (values, unmasked): unmasked is True only when the user may unmask and asked to; then each
    personal field is logged as a security event."""
    unmasked = bool(unmask and can_unmask(user))
    target = f"work order {work_order.reference}"

    def show(value, kind):
        if not value:
            return ""
        return display(value, kind, user, unmask=unmasked, request=request, target=target)

    values = {
        "name": show(work_order.citizen_name, "name"),
        "phone": show(work_order.citizen_phone, "phone"),
        "id_number": show(work_order.citizen_id_number, "id_number"),
        # Stored masked (models.WorkOrder.seal_free_text); the sealed original only when unmasked.
        "title": work_order.original_text("title") if unmasked else mask_free_text(work_order.title),
        "content": work_order.original_text("content") if unmasked else mask_free_text(work_order.content),
        "reply": work_order.original_text("reply") if unmasked else mask_free_text(work_order.reply),
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
