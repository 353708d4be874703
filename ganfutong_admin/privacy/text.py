"""Masking rules themselves, free of models (the logging filter uses them before the apps are loaded)."""

import re


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

# Personal numbers inside free text. Digits not glued to other digits or letters (a reference like GD13812345678
# is not a phone number).
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])")
LANDLINE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])0\d{2,3}[- ]?\d{7,8}(?![0-9A-Za-z])")


def mask_free_text(text):
    """Every ID number, mobile and landline number inside a text, masked as on display."""
    if not text:
        return text or ""
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    text = MOBILE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())[-11:]), text)
    return LANDLINE_IN_TEXT.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())), text)
