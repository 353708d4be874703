"""The short, stable codes a failed probe is stored with (ProbeResult.error), and their display labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ErrorCode(models.TextChoices):
    TIMEOUT = "timeout", _("Timed out")
    CONNECTION_REFUSED = "connection_refused", _("Connection refused")
    CONNECTION_RESET = "connection_reset", _("Connection reset")
    CONNECTION_FAILED = "connection_failed", _("Connection failed")
    DNS = "dns", _("Host name not found")
    TLS = "tls", _("TLS/certificate error")
    HTTP_4XX = "http_4xx", _("Client error (4xx)")
    HTTP_5XX = "http_5xx", _("Server error (5xx)")
    BAD_RESPONSE = "bad_response", _("Not a valid HTTP response")
    TOO_MANY_REDIRECTS = "too_many_redirects", _("Too many redirects")
    BAD_SCHEME = "bad_scheme", _("Only http and https are probed")
    BAD_URL = "bad_url", _("Invalid URL")
    BLOCKED_ADDRESS = "blocked_address", _("Address not allowed")


def error_label(code):
    """The display label of a stored code; an unknown code (from a newer version) is shown as it is."""
    if not code:
        return ""
    try:
        return ErrorCode(code).label
    except ValueError:
        return code


# What an owner is told about a failed check: only that it failed (with the state, the time and the response time
# where there was an answer). The cause of a failure (refused, reset, timed out, not HTTP, the HTTP status) tells
# which ports of a host answer, so it is shown only to those who run the monitor for the whole province.
UNAVAILABLE = pgettext_lazy("availability", "Unavailable")


def sees_diagnostics(user):
    """Does the user see why checks failed? The provincial authority, the operator who runs the monitor, and
    auditors (everyone who sees every service); never an owner org unit."""
    from ganfutong_admin.orgs.scoping import user_sees_everything
    from services.models import Service

    return bool(user and user.is_authenticated and user_sees_everything(user, Service))


def shown_error(code, diagnostics):
    """The label of a stored failure code as shown to a user with or without diagnostics ("" when none)."""
    if not code:
        return ""
    return error_label(code) if diagnostics else UNAVAILABLE
