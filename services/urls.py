from .urls_catalog import urlpatterns as catalog_urls
from .urls_filings import urlpatterns as filing_urls

app_name = "services"

urlpatterns = catalog_urls + filing_urls
