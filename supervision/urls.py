"""Pages of the supervision chapter, namespace "supervision"; each area keeps its own URL list."""

from .accountability.urls import urlpatterns as accountability_urls
from .alerts.urls import urlpatterns as alert_urls
from .evaluation.urls import urlpatterns as evaluation_urls
from .simulations.urls import urlpatterns as simulation_urls
from .spotchecks.urls import urlpatterns as spotcheck_urls

app_name = "supervision"

urlpatterns = alert_urls + spotcheck_urls + simulation_urls + evaluation_urls + accountability_urls
