from django.conf import settings
from django.middleware.locale import LocaleMiddleware


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
