import logging
import time

from django.utils.functional import SimpleLazyObject, empty

from . import metrics
from .context import HEADER, accepted_request_id, request_id_var

logger = logging.getLogger("ganfutong.request")


def view_label(request):
    """The route name (`app:name`), never the raw path: a bounded set of labels, and no record ids or search
    values in metrics or logs."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or getattr(match, "_func_path", "") or "<unnamed>"


class RequestObservabilityMiddleware:
    """First in MIDDLEWARE: gives each request its id (the caller's X-Request-ID when it is a safe token, else a new
    one), returns it in the response headers, counts and times the request by route name, and writes one log line
    (`ganfutong.request`): request id, user id, org unit id, view, method, status, duration in ms. Nothing a
    visitor typed goes into that line (no path, no query string, no user name)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted_request_id(request.META.get("HTTP_X_REQUEST_ID", ""))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            seconds = time.monotonic() - started
            response[HEADER] = request_id
            self.record(request, response.status_code, seconds)
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def record(request, status, seconds):
        view = view_label(request)
        metrics.observe_request(view, request.method, status, seconds)
        user = getattr(request, "user", None)
        # request.user is lazy: reading it here costs no query when the view already did (or never needed it).
        # DRF replaces it with the token's user.
        user_id = org_unit_id = None
        if isinstance(user, SimpleLazyObject):
            user = None if user._wrapped is empty else user._wrapped
        if user is not None and getattr(user, "is_authenticated", False):
            user_id, org_unit_id = user.pk, getattr(user, "org_unit_id", None)
        level = logging.ERROR if status >= 500 else logging.INFO
        logger.log(level, "%s %s %s %.1fms", request.method, view, status, seconds * 1000, extra={
            "view": view, "method": request.method, "status": status, "duration_ms": round(seconds * 1000, 1),
            "user_id": user_id, "org_unit_id": org_unit_id,
        })
