"""Pages of the supervision chapter, namespace "supervision"; each area keeps its own URL list."""

from .alerts.urls import urlpatterns as alert_urls

app_name = "supervision"

urlpatterns = alert_urls
