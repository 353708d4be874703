"""Pages of the maintenance chapter, namespace "maintenance"; each area keeps its own URL list."""

from .budgets.urls import urlpatterns as budget_urls
from .events.urls import urlpatterns as event_urls
from .hotline.urls import urlpatterns as hotline_urls
from .inspections.urls import urlpatterns as inspection_urls
from .monitoring.urls import urlpatterns as monitoring_urls

app_name = "maintenance"

urlpatterns = inspection_urls + event_urls + monitoring_urls + hotline_urls + budget_urls
