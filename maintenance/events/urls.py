"""Pages of advance filings and fault reports (第十六条); namespace "maintenance", mounted at /maintenance/."""

from django.urls import path

from . import views_advance, views_faults

urlpatterns = [
    path("advance-filings/", views_advance.AdvanceFilingListView.as_view(), name="advance-filing-list"),
    path("advance-filings/new/", views_advance.AdvanceFilingEditView.as_view(), name="advance-filing-create"),
    path("advance-filings/<int:pk>/edit/", views_advance.AdvanceFilingEditView.as_view(),
         name="advance-filing-edit"),
    path("advance-filings/<int:pk>/announce/", views_advance.advance_filing_announce,
         name="advance-filing-announce"),
    path("maintenance-windows/", views_advance.MaintenanceWindowListView.as_view(), name="maintenance-windows"),
    path("faults/", views_faults.FaultListView.as_view(), name="fault-list"),
    path("faults/new/", views_faults.FaultEditView.as_view(), name="fault-create"),
    path("faults/<int:pk>/", views_faults.FaultDetailView.as_view(), name="fault-detail"),
    path("faults/<int:pk>/edit/", views_faults.FaultEditView.as_view(), name="fault-edit"),
    path("faults/<int:pk>/transition/", views_faults.FaultTransitionView.as_view(), name="fault-transition"),
    path("faults/<int:pk>/review/", views_faults.FaultReviewView.as_view(), name="fault-review"),
    path("faults/<int:pk>/updates/", views_faults.fault_add_update, name="fault-update-add"),
    path("faults/<int:pk>/announce/", views_faults.fault_announce, name="fault-announce"),
]
