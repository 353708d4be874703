"""URLs of the service filings (第十条–第十一条) and of the operator's listing records; namespace "services"."""

from django.urls import path

from . import filing_views as views

urlpatterns = [
    path("list-filings/new/", views.ListFilingView.as_view(), name="list-filing-create"),
    path("list-filings/<int:pk>/edit/", views.ListFilingView.as_view(), name="list-filing-edit"),
    path("change-filings/new/", views.ChangeFilingView.as_view(), name="change-create"),
    path("change-filings/<int:pk>/edit/", views.ChangeFilingView.as_view(), name="change-edit"),
    path("<int:pk>/emergency/", views.EmergencyReportView.as_view(), name="emergency-create"),
    path("<int:pk>/transition/", views.ServiceTransitionView.as_view(), name="service-transition"),
]
