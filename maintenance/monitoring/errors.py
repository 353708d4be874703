"""The short, stable codes a failed probe is stored with (ProbeResult.error), and their display labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
