"""Every refused request (HTTP 403) is a security event (issue 10 point 3; GB/T 22239 安全审计): ACCESS_DENIED with
the path and the method, written once per request, whoever refused it.

A 403 comes from many places: a view's PermissionDenied (Django's handler403), DRF's permission classes and
exception handler, a view that answers 403 itself (a refused workflow transition), CSRF and the lockout. The
middleware sees each response once on its way out, so it catches them all and never twice. A view that knows more
(which role it refused to grant) calls record_access_denied() with that detail itself; the middleware then sees the
request marked and writes nothing more. A failure to write the event is logged and never turns the 403 into a 500.
"""

import logging

from .models import EventKind, record

logger = logging.getLogger(__name__)

# The attribute that marks a request whose denial is recorded.
RECORDED = "_gft_access_denied_recorded"
PATH_LENGTH = 500


def _django_request(request):
    return getattr(request, "_request", request)  # a DRF Request wraps Django's


def record_access_denied(request, **detail):
    """Write ACCESS_DENIED for this request unless it is written already; the event, or None."""
    request = _django_request(request)
    if getattr(request, RECORDED, False):
        return None
    setattr(request, RECORDED, True)
    try:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        return record(EventKind.ACCESS_DENIED, user=actor, request=request, target=request.path[:200],
                      path=request.path[:PATH_LENGTH], method=request.method, **detail)
    except Exception:  # the refusal stands whatever happens to its log line
        logger.exception("could not record the refused request %s %s", request.method, request.path[:PATH_LENGTH])
        return None


class AccessDeniedLogMiddleware:
    """After AuthenticationMiddleware (the actor is known), before everything that may answer 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            record_access_denied(request)
        return response
