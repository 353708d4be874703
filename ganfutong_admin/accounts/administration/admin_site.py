"""The Django admin behind a gate (separation of duties): in production nobody reaches it (404, as if it were not
mounted); in the embedded demo only a signed-in holder of a system role, or the demo's own superuser. Anyone else
gets 404 too, the admin's login page included: signing in goes through the site's own login and its policy.

`make bench` compares the pages with the admin's changelists on production settings: it alone sets
BENCH_ADMIN_SITE (refused by the settings without BENCH_QUERY_COUNT, the bench's other switch)."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.urls import URLPattern, URLResolver

from ..roles import SYSTEM_ROLES


def admin_site_open(request):
    if settings.PRODUCTION and not getattr(settings, "BENCH_ADMIN_SITE", False):
        return False
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(user.role_names & SYSTEM_ROLES)


def _gate(view):
    @wraps(view)
    def gated_view(request, *args, **kwargs):
        if not admin_site_open(request):
            raise Http404
        return view(request, *args, **kwargs)

    return gated_view


def _gate_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _gate_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _gate(pattern.callback)
    return patterns


def gated(admin_urls):
    """admin.site.urls with every view behind admin_site_open()."""
    patterns, app_name, namespace = admin_urls
    return _gate_patterns(patterns), app_name, namespace
