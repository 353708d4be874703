import json

from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class ChineseByDefaultLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language (cookie); the browser's Accept-Language is ignored.

    Staff on English-language browsers still get the Chinese UI the office works in.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


class ContentSecurityPolicyMiddleware:
    """CSP that allows only the site itself (assets come from npm packages served by the app)."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
    # Swagger UI (sidecar) needs inline bootstrap code; the docs page is for authenticated staff only.
    RELAXED_PREFIXES = ("/api/docs/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.RELAXED_PREFIXES):
            response.setdefault("Content-Security-Policy", self.POLICY.replace(
                "script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
                "style-src 'self'", "style-src 'self' 'unsafe-inline'"))
        else:
            response.setdefault("Content-Security-Policy", self.POLICY)
        return response


class PrivateResponseMiddleware:
    """What a signed-in person sees stays out of every cache (browser back button, shared proxies), the
    page may use no powerful browser feature, and the server does not announce its software versions.

    A response that set its own caching (the public announcement feed, anonymous) keeps it; API answers
    are private whether or not a token signed them in, since DRF signs in inside the view.
    """

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
        "payment=(), usb=()"
    )
    SERVER = "ganfutong-admin"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only a request carrying a session cookie or a token can be signed in; asking anyone else would
        # load the session and add "Vary: Cookie" to public answers (the feed) for nothing.
        may_be_signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
        user = getattr(request, "user", None)
        signed_in = may_be_signed_in and user is not None and user.is_authenticated
        if signed_in or (request.path.startswith("/api/") and "Cache-Control" not in response):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        # wsgiref (runserver) otherwise sends "WSGIServer/0.2 CPython/3.x"; gunicorn sends no version.
        response["Server"] = self.SERVER
        return response


class RequestSizeLimitMiddleware:
    """Every request body is capped before anything reads it (413): a multipart body at MULTIPART_MAX_BYTES
    (the per-file limit UPLOAD_MAX_BYTES plus room for the other fields), any other body at
    DATA_UPLOAD_MAX_MEMORY_SIZE. Django itself caps only the fields of a form, never its files.

    The declared length is what counts: Django reads no more than CONTENT_LENGTH from the stream.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit_for(request):
        if request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
            return settings.MULTIPART_MAX_BYTES
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self.limit_for(request)
        if limit is not None and length > limit:
            message = _("The request body is too large (%(size)s); the limit is %(limit)s.") % {
                "size": filesizeformat(length), "limit": filesizeformat(limit)}
            if request.path.startswith("/api/"):
                return HttpResponse(json.dumps({"detail": message, "code": "RequestTooLarge"}, ensure_ascii=False),
                                    status=413, content_type="application/json")
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ApiBodyCheckMiddleware:
    """Every write to the API has its JSON body checked before the view runs, also by the views that never
    read it (an action without input would otherwise answer 200 to `[]`, `null` or invalid UTF-8): the same
    rules as the API's JSON parser (core.parsers.parse_json_body), a 400 that says what is wrong.
    """

    WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from rest_framework.views import APIView

        from .parsers import is_json, parse_json_body

        view_class = getattr(view_func, "cls", None)
        if request.method not in self.WRITE_METHODS or not (view_class and issubclass(view_class, APIView)):
            return None
        if not is_json(request.META.get("CONTENT_TYPE")):
            return None
        from rest_framework import exceptions

        try:
            parse_json_body(request.body)
        except exceptions.APIException as exc:
            # Codes as the transition endpoints name them (ParseError, RequestTooLarge).
            body = {"detail": str(exc.detail), "code": type(exc).__name__}
            return HttpResponse(json.dumps(body, ensure_ascii=False), status=exc.status_code,
                                content_type="application/json")
        return None


class BenchQueryCountMiddleware:
    """`make bench` only: the number of SQL queries a request ran (session, user and view, everything inside this
    middleware, the first of the list), in the X-Bench-Queries response header. Installed only when
    BENCH_QUERY_COUNT is set in the environment, which no deployment does; counts without DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
