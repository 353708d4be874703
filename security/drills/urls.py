from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("drills/", views.DrillListView.as_view(), name="drill-list"),
    path("drills/new/", views.DrillCreateView.as_view(), name="drill-create"),
    path("drills/<int:pk>/", views.DrillDetailView.as_view(), name="drill-detail"),
]
