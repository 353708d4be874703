from django.urls import path

from . import views

urlpatterns = [
    path("budgets/", views.BudgetPlanListView.as_view(), name="budget-list"),
    path("budgets/new/", views.BudgetPlanEditView.as_view(), name="budget-create"),
    path("budgets/summary/", views.budget_summary, name="budget-summary"),
    path("budgets/<int:pk>/", views.BudgetPlanDetailView.as_view(), name="budget-detail"),
    path("budgets/<int:pk>/edit/", views.BudgetPlanEditView.as_view(), name="budget-edit"),
    path("budgets/<int:pk>/actuals/", views.BudgetActualsView.as_view(), name="budget-actuals"),
    path("budgets/<int:pk>/transition/", views.BudgetTransitionView.as_view(), name="budget-transition"),
]
