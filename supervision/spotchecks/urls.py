from django.urls import path

from . import views

urlpatterns = [
    path("spot-checks/", views.CampaignListView.as_view(), name="spotcheck-list"),
    path("spot-checks/new/", views.CampaignCreateView.as_view(), name="spotcheck-create"),
    path("spot-checks/<int:pk>/", views.CampaignDetailView.as_view(), name="spotcheck-detail"),
    path("spot-checks/<int:pk>/draw/", views.DrawView.as_view(), name="spotcheck-draw"),
    path("spot-checks/services/", views.ItemListView.as_view(), name="spotcheck-items"),
    path("spot-checks/services/<int:pk>/", views.ItemView.as_view(), name="spotcheck-item"),
]
