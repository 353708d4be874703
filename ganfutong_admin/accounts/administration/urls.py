from django.urls import path

from . import views

app_name = "administration"

urlpatterns = [
    path("accounts/", views.AccountListView.as_view(), name="account-list"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/dormant/", views.DormantAccountListView.as_view(), name="dormant-list"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/disable/", views.account_disable, name="account-disable"),
    path("accounts/<int:pk>/enable/", views.account_enable, name="account-enable"),
    path("accounts/<int:pk>/reset-password/", views.account_reset_password, name="account-reset-password"),
    path("accounts/<int:pk>/unlock/", views.account_unlock, name="account-unlock"),
    path("accounts/<int:pk>/reset-second-factor/", views.account_reset_second_factor,
         name="account-reset-second-factor"),
    path("roles/", views.RoleAccountListView.as_view(), name="role-account-list"),
    path("roles/<int:pk>/", views.account_roles, name="account-roles"),
    path("roles/<int:pk>/grants/", views.record_grant_add, name="record-grant-add"),
    path("roles/<int:pk>/grants/<int:grant_pk>/revoke/", views.record_grant_revoke, name="record-grant-revoke"),
    path("roles/<int:pk>/revoke-tokens/", views.account_revoke_tokens, name="account-revoke-tokens"),
    path("security-policy/", views.security_policy, name="security-policy"),
]
