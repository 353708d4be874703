"""Pages of the operations chapter, namespace "operations"; each area keeps its own URL list."""

from .partners.urls import urlpatterns as partner_urls
from .plans.urls import urlpatterns as plan_urls
from .responsible.urls import urlpatterns as responsible_urls

app_name = "operations"

urlpatterns = responsible_urls + plan_urls + partner_urls
