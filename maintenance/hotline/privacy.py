"""Citizens' personal data in work orders (第二十一条), as the user may see it.

The kernel (ganfutong_admin.privacy) encrypts, hashes and masks; this module decides what a page, an export
or an API response shows: masked always, unless the user holds accounts.unmask_personal_data AND asked to
unmask this one record (a button on the detail page, `?unmask=true` on the API detail). Each unmasked field
writes a security event (masking.display does the logging).

Free text written by citizens or staff (content, reply, comments) may hold a phone or ID number too: it is
shown with every mobile, landline and ID number in it masked, under the same rule.
"""

import re

from ganfutong_admin.privacy.masking import can_unmask, display, mask_id_number, mask_phone

# Digits not glued to other digits or letters (a reference like GD13812345678 is not a phone number).
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])")
LANDLINE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])0\d{2,3}[- ]?\d{7,8}(?![0-9A-Za-z])")

TRUTHY = {"1", "true", "yes", "on"}


def mask_free_text(text):
    if not text:
        return text or ""
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    text = MOBILE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())[-11:]), text)
    return LANDLINE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())), text)


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
        "title": work_order.title if unmasked else mask_free_text(work_order.title),
        "content": work_order.content if unmasked else mask_free_text(work_order.content),
        "reply": work_order.reply if unmasked else mask_free_text(work_order.reply),
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
