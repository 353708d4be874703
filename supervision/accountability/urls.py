from django.urls import path

from . import views

urlpatterns = [
    path("accountability/", views.AccountabilityListView.as_view(), name="accountability-list"),
    path("accountability/new/", views.AccountabilityFormView.as_view(), name="accountability-create"),
    path("accountability/<int:pk>/", views.AccountabilityDetailView.as_view(), name="accountability-detail"),
    path("accountability/<int:pk>/edit/", views.AccountabilityFormView.as_view(), name="accountability-edit"),
    path("accountability/<int:pk>/links/", views.LinkView.as_view(), name="accountability-link"),
]
