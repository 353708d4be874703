from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.IncidentListView.as_view(), name="incident-list"),
    path("incidents/new/", views.IncidentReportView.as_view(), name="incident-create"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident-detail"),
    path("incidents/<int:pk>/transition/", views.IncidentTransitionView.as_view(), name="incident-transition"),
    path("incidents/<int:pk>/close/", views.IncidentCloseView.as_view(), name="incident-close"),
]
