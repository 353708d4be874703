"""What a locked-out client gets (django-axes AXES_LOCKOUT_CALLABLE): the lockout page in the browser,
JSON on the API, where a machine client cannot read an HTML page."""

from axes.helpers import get_client_username, get_cool_off, get_cool_off_iso8601, get_failure_limit
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        # The token view already answered in its own JSON contract: keep that answer.
        if original_response is not None and original_response.get("Content-Type", "").startswith("application/json"):
            return original_response
        return JsonResponse({"detail": _("Too many failed attempts: this account is locked for 30 minutes.")},
                            status=status)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
    }
    cool_off = get_cool_off(request)
    if cool_off:
        context.update(cooloff_time=get_cool_off_iso8601(cool_off), cooloff_timedelta=cool_off)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=status)
