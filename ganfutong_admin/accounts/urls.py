from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import signin_views, views_self
from .second_factor import views as second_factor_views

app_name = "accounts"

urlpatterns = [
    path("login/", signin_views.GuardedLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/enrol/", second_factor_views.EnrolPage.as_view(), name="otp_enrol"),
    path("otp/enrol/qr.svg", second_factor_views.EnrolQrCode.as_view(), name="otp_qr"),
    path("otp/verify/", second_factor_views.VerifyPage.as_view(), name="otp_verify"),
    path("password/", views_self.PasswordChangePage.as_view(), name="password_change"),
    path("tokens/", views_self.TokenListPage.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views_self.TokenRevokeView.as_view(), name="token_revoke"),
    # sys_admin's account pages and sec_admin's role, grant and security-policy pages.
    path("admin/", include("ganfutong_admin.accounts.administration.urls")),
]
