"""Pages of the operations chapter, namespace "operations"; each area keeps its own URL list."""

from .responsible.urls import urlpatterns as responsible_urls

app_name = "operations"

urlpatterns = responsible_urls
