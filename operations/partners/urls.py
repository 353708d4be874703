from django.urls import path

from . import views

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partners/apply/", views.PartnerApplyView.as_view(), name="partner-apply"),
    path("partners/apply/<int:pk>/edit/", views.PartnerApplyView.as_view(), name="partner-apply-edit"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("partners/<int:pk>/transition/", views.PartnerTransitionView.as_view(), name="partner-transition"),
]
