from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.AlertListView.as_view(), name="alert-list"),
    path("alerts/by-city/", views.AlertDashboardView.as_view(), name="alert-dashboard"),
    path("alerts/run/", views.run_now, name="alert-run"),
    path("alerts/<int:pk>/", views.AlertDetailView.as_view(), name="alert-detail"),
    path("alerts/<int:pk>/transition/", views.AlertTransitionView.as_view(), name="alert-transition"),
]
