"""The project's URLs: the kernel's own endpoints, then whatever the installed apps declare (core.chapters)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from ganfutong_admin.accounts.administration.admin_site import gated
from ganfutong_admin.accounts.api.views import ObtainTokenView
from ganfutong_admin.accounts.signin_views import GuardedAdminAuthenticationForm
from ganfutong_admin.core import chapters
from ganfutong_admin.core.views import healthz

admin.site.site_header = "赣服通平台运行管理后台"
# The admin's own login counts and locks like every other sign-in (accounts.signin_guard).
admin.site.login_form = GuardedAdminAuthenticationForm

# /api/v1/<resource>/ for the kernel, /api/v1/<app label>/<resource>/ for a chapter.
router = DefaultRouter()
for prefix, viewset, basename in chapters.api_routes():
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # 404 in production and for everyone but the system roles in the demo (accounts.administration.admin_site).
    path("admin/", gated(admin.site.urls)),
    path("api/v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *(path(mount.prefix, include(mount.module)) for mount in chapters.url_mounts()),
]

handler400 = "ganfutong_admin.core.errors.bad_request"
handler403 = "ganfutong_admin.core.errors.permission_denied"
handler404 = "ganfutong_admin.core.errors.page_not_found"
handler500 = "ganfutong_admin.core.errors.server_error"
