"""The account lockout as the rest of the product sees it: whether an account is locked and until when, lifting a
lock (sys_admin's account pages; they write ACCOUNT_UNLOCK), and what a refused sign-in answers: the lockout page
in the browser, JSON on the API, where a machine client cannot read an HTML page. The counting and the rules are
in signin_guard."""

from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .signin_guard import ACCOUNT_LOCKED, ADDRESS_REFUSED, is_locked, locked_until, locked_until_many, unlock

__all__ = ["is_locked", "locked_until", "locked_usernames", "unlock", "refusal_message", "refusal_page",
           "refusal_json"]

TEMPLATE = "accounts/locked_out.html"
STATUS = 429


def locked_usernames(usernames=None):
    """The user names, among `usernames` (default: every account), whose account is locked now."""
    if usernames is None:
        usernames = get_user_model().objects.values_list("username", flat=True).iterator(chunk_size=2000)
    locked, chunk = set(), []
    for name in usernames:
        chunk.append(name)
        if len(chunk) == 500:
            locked.update(locked_until_many(chunk))
            chunk = []
    locked.update(locked_until_many(chunk))
    return locked


def refusal_message(outcome):
    """One message per reason, the same whatever password was sent."""
    if outcome.refused == ACCOUNT_LOCKED:
        return _("Too many failed sign-ins: this account is locked. Try again later, or ask the system "
                 "administrator to unlock it.")
    if outcome.refused == ADDRESS_REFUSED:
        return _("Too many failed sign-ins from your network address: sign-in from it is paused for up to an "
                 "hour.")
    return _("Too many sign-in attempts from your network address: wait a minute and try again.")


def _retry_minutes(outcome):
    return max(1, -(-outcome.retry_after // 60)) if outcome.retry_after else None


def refusal_page(request, outcome):
    context = {
        "reason": outcome.refused,
        "message": refusal_message(outcome),
        "locked_until": timezone.localtime(outcome.locked_until) if outcome.locked_until else None,
        "retry_minutes": _retry_minutes(outcome),
    }
    response = render(request, TEMPLATE, context, status=STATUS)
    if outcome.retry_after:
        response["Retry-After"] = str(outcome.retry_after)
    return response


def refusal_json(outcome):
    response = JsonResponse({"detail": refusal_message(outcome)}, status=STATUS)
    if outcome.retry_after:
        response["Retry-After"] = str(outcome.retry_after)
    return response
