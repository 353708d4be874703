from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/new/", views.ReportEditView.as_view(), name="report-create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report-edit"),
    path("reports/<int:pk>/transition/", views.ReportTransitionView.as_view(), name="report-transition"),
    path("reports/<int:pk>/print/", views.ReportPrintView.as_view(), name="report-print"),
    path("reports/<int:pk>/xlsx/", views.ReportXlsxView.as_view(), name="report-xlsx"),
    path("reports/<int:pk>/docx/", views.ReportDocxView.as_view(), name="report-docx"),
]
