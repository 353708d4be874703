from django.urls import path

from . import views

urlpatterns = [
    path("promotion/activities/", views.PromotionActivityListView.as_view(), name="promotion-list"),
    path("promotion/activities/new/", views.PromotionActivityEditView.as_view(), name="promotion-create"),
    path("promotion/activities/<int:pk>/", views.PromotionActivityDetailView.as_view(), name="promotion-detail"),
    path("promotion/activities/<int:pk>/edit/", views.PromotionActivityEditView.as_view(), name="promotion-edit"),
    path("promotion/evidence/<int:pk>/", views.evidence_download, name="promotion-evidence"),
    path("promotion/plans/", views.PromotionPlanListView.as_view(), name="promotion-plan-list"),
    path("promotion/plans/new/", views.PromotionPlanEditView.as_view(), name="promotion-plan-create"),
    path("promotion/plans/<int:pk>/", views.PromotionPlanDetailView.as_view(), name="promotion-plan-detail"),
    path("promotion/plans/<int:pk>/edit/", views.PromotionPlanEditView.as_view(), name="promotion-plan-edit"),
    path("promotion/summary/", views.PromotionSummaryView.as_view(), name="promotion-summary"),
]
