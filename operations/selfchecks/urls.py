from django.urls import path

from . import views

urlpatterns = [
    path("self-checks/", views.CampaignListView.as_view(), name="selfcheck-list"),
    path("self-checks/new/", views.CampaignCreateView.as_view(), name="selfcheck-create"),
    path("self-checks/reports/", views.ReportListView.as_view(), name="selfcheck-report-list"),
    path("self-checks/<int:pk>/", views.CampaignDetailView.as_view(), name="selfcheck-campaign"),
    path("self-checks/<int:campaign>/report/", views.ReportEditView.as_view(), name="selfcheck-report-create"),
    path("self-checks/reports/<int:pk>/", views.ReportDetailView.as_view(), name="selfcheck-report"),
    path("self-checks/reports/<int:report>/edit/", views.ReportEditView.as_view(), name="selfcheck-report-edit"),
    path("self-checks/reports/<int:pk>/transition/", views.ReportTransitionView.as_view(),
         name="selfcheck-report-transition"),
]
