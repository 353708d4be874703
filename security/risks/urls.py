from django.urls import path

from . import views

urlpatterns = [
    path("risks/", views.RiskListView.as_view(), name="risk-list"),
    path("risks/new/", views.RiskEditView.as_view(), name="risk-create"),
    path("risks/heat-map/", views.risk_heat_map, name="risk-heat-map"),
    path("risks/<int:pk>/", views.RiskDetailView.as_view(), name="risk-detail"),
    path("risks/<int:pk>/edit/", views.RiskEditView.as_view(), name="risk-edit"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessment-list"),
    path("assessments/new/", views.AssessmentCreateView.as_view(), name="assessment-create"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment-detail"),
]
