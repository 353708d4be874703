from django.urls import path

from . import views

urlpatterns = [
    path("simulations/", views.SimulationListView.as_view(), name="simulation-list"),
    path("simulations/new/", views.SimulationCreateView.as_view(), name="simulation-create"),
    path("simulations/<int:pk>/", views.SimulationDetailView.as_view(), name="simulation-detail"),
]
