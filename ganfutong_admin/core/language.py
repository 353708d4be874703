"""Text that the system stores or sends (titles, history reasons, timeline details, notifications,
announcement drafts) is written in the office language, whatever language the acting user browses in."""

import functools

from django.conf import settings
from django.utils import translation


def office_language():
    """Context manager: translations in the office language (settings.LANGUAGE_CODE)."""
    return translation.override(settings.LANGUAGE_CODE)


def in_office_language(func):
    """Decorator: the function writes its messages in the office language."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with office_language():
            return func(*args, **kwargs)

    return wrapper


def stored(text_fn):
    """The text `text_fn()` makes, in the office language: stored(lambda: _("…") % {...})."""
    with office_language():
        return text_fn()
