from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from ganfutong_admin.accounts.api.views import ObtainTokenView
from ganfutong_admin.announcements.api.views import AnnouncementViewSet
from ganfutong_admin.channel_integration.api.views import LegacyAppViewSet
from ganfutong_admin.core.views import healthz
from ganfutong_admin.orgs.api.views import OrgUnitViewSet
from ganfutong_admin.workflow.api.views import FilingViewSet, RectificationViewSet
from maintenance import api as maintenance_api
from services.api.views import SelfTestReportViewSet, ServiceViewSet, TechStandardViewSet

admin.site.site_header = "赣服通平台运行管理后台"

router = DefaultRouter()
router.register("org-units", OrgUnitViewSet, basename="orgunit")
router.register("filings", FilingViewSet, basename="filing")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("legacy-apps", LegacyAppViewSet, basename="legacyapp")
router.register("services", ServiceViewSet, basename="service")
router.register("standards", TechStandardViewSet, basename="techstandard")
router.register("self-tests", SelfTestReportViewSet, basename="selftestreport")
router.register("announcements", AnnouncementViewSet, basename="announcement")
maintenance_api.register(router)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("ganfutong_admin.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("public/", include("ganfutong_admin.announcements.urls_public")),
    path("announcements/", include("ganfutong_admin.announcements.urls")),
    path("services/", include("services.urls")),
    path("maintenance/", include("maintenance.urls")),
    path("security-log/", include("ganfutong_admin.audit.urls")),
    path("", include("ganfutong_admin.workflow.urls")),
    path("", include("ganfutong_admin.channel_integration.urls")),
    path("", include("ganfutong_admin.core.urls")),
]
