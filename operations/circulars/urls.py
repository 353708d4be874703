from django.urls import path

from . import views

urlpatterns = [
    path("circulars/", views.CircularListView.as_view(), name="circular-list"),
    path("circulars/new/", views.CircularEditView.as_view(), name="circular-create"),
    path("circulars/<int:pk>/", views.CircularDetailView.as_view(), name="circular-detail"),
    path("circulars/<int:pk>/edit/", views.CircularEditView.as_view(), name="circular-edit"),
    path("circulars/<int:pk>/transition/", views.CircularTransitionView.as_view(), name="circular-transition"),
    path("circulars/<int:pk>/docx/", views.CircularDocxView.as_view(), name="circular-docx"),
]
