"""Pages of the security chapter, namespace "security"; each area keeps its own URL list."""

from .drills.urls import urlpatterns as drill_urls
from .duties.urls import urlpatterns as duty_urls
from .incidents.urls import urlpatterns as incident_urls
from .register.urls import urlpatterns as register_urls
from .risks.urls import urlpatterns as risk_urls
from .suppliers.urls import urlpatterns as supplier_urls
from .training.urls import urlpatterns as training_urls

app_name = "security"

urlpatterns = register_urls + incident_urls + risk_urls + supplier_urls + drill_urls + training_urls + duty_urls
