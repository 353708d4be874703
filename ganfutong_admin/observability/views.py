import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from . import metrics


def client_address(request):
    """The client's address as the lockout sees it (TRUSTED_PROXY_COUNT proxies in front): behind nginx,
    REMOTE_ADDR is the proxy's own loopback address and must not count as "local"."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


def allowed(request):
    token = settings.METRICS_TOKEN
    if token:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(client_address(request) or "")
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS_PARSED)


@require_GET
def metrics_view(request):
    """Prometheus exposition, for the allowed addresses or the bearer token; anyone else gets the site's 404 (the
    endpoint's existence is not advertised)."""
    if not allowed(request):
        raise Http404
    response = HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
