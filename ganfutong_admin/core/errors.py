"""Django's error pages, as JSON under /api/: a client of the API never parses an HTML page.

Django answers itself, outside DRF, when no URL matches (`/api/v1/filings/abc/`), when CSRF or a
middleware refuses, or when a view fails; the pages for people stay the app's own templates."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions


def _api(request):
    return request.path.startswith("/api/")


def _json(error, status):
    return JsonResponse({"detail": str(error.default_detail), "code": error.default_code}, status=status)


def bad_request(request, exception):
    return _json(exceptions.ParseError, 400) if _api(request) else defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _api(request):
        return _json(exceptions.PermissionDenied, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    return _json(exceptions.NotFound, 404) if _api(request) else defaults.page_not_found(request, exception)


def server_error(request):
    return _json(exceptions.APIException, 500) if _api(request) else defaults.server_error(request)
