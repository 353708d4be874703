from django.urls import path

from . import views

app_name = "channel_integration"

urlpatterns = [
    path("legacy-apps/", views.LegacyAppListView.as_view(), name="legacyapp-list"),
    path("legacy-apps/new/", views.LegacyAppEditView.as_view(), name="legacyapp-create"),
    path("legacy-apps/<int:pk>/", views.LegacyAppDetailView.as_view(), name="legacyapp-detail"),
    path("legacy-apps/<int:pk>/edit/", views.LegacyAppEditView.as_view(), name="legacyapp-edit"),
    path("new-app-exceptions/new/", views.ExceptionEditView.as_view(), name="exception-create"),
    path("new-app-exceptions/<int:pk>/edit/", views.ExceptionEditView.as_view(), name="exception-edit"),
]
