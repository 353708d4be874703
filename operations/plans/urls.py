from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.OperationsPlanListView.as_view(), name="plan-list"),
    path("plans/new/", views.OperationsPlanEditView.as_view(), name="plan-create"),
    path("plans/missing/", views.MissingPlansView.as_view(), name="plan-missing"),
    path("plans/<int:pk>/edit/", views.OperationsPlanEditView.as_view(), name="plan-edit"),
]
