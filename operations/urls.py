"""Pages of the operations chapter, namespace "operations"; each area keeps its own URL list."""

from .circulars.urls import urlpatterns as circular_urls
from .partners.urls import urlpatterns as partner_urls
from .plans.urls import urlpatterns as plan_urls
from .promotion.urls import urlpatterns as promotion_urls
from .reports.urls import urlpatterns as report_urls
from .responsible.urls import urlpatterns as responsible_urls
from .selfchecks.urls import urlpatterns as selfcheck_urls

app_name = "operations"

urlpatterns = (responsible_urls + plan_urls + selfcheck_urls + circular_urls + report_urls + partner_urls
               + promotion_urls)
