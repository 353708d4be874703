"""Checks of what the hotline sends and staff type: phone numbers and resident ID numbers (GB 11643)."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.privacy.crypto import normalize_phone

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area code (0 + 2-3 digits) and a 7-8 digit subscriber number: 10 to 12 digits in all.
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
PHONE_CHARACTERS = re.compile(r"^[\d\s()+\-]+$")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"


def clean_phone(value):
    """A mainland mobile (1[3-9] + 9 digits) or a landline with its area code, as digits only."""
    raw = str(value or "").strip()
    digits = normalize_phone(raw)
    if not raw or not PHONE_CHARACTERS.match(raw) or not (MOBILE.match(digits) or LANDLINE.match(digits)):
        raise ValidationError(
            _("Enter a mainland mobile number (11 digits starting 13–19) or a landline with its area code, "
              "e.g. 0791-86123456."), code="phone")
    return digits


def id_check_digit(first17):
    return ID_CHECK_CODES[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def clean_id_number(value):
    """An 18-character resident ID number with a valid birth date and GB 11643 check digit; '' when empty."""
    s = str(value or "").strip().upper()
    if not s:
        return ""
    if not re.match(r"^\d{17}[\dX]$", s):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a digit or X."), code="id_length")
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        born = None
    if born is None or born > timezone.localdate() or born.year < 1900:
        raise ValidationError(_("The birth date in this ID number is not a real date."), code="id_birth_date")
    if id_check_digit(s[:17]) != s[17]:
        raise ValidationError(_("The check digit of this ID number is wrong: check it for a typing mistake."),
                              code="id_check_digit")
    return s
