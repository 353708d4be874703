from django.urls import path

from . import views

urlpatterns = [
    path("data-register/", views.RegisterListView.as_view(), name="register-list"),
    path("data-register/new/", views.RegisterEditView.as_view(), name="register-create"),
    path("data-register/<int:pk>/", views.RegisterDetailView.as_view(), name="register-detail"),
    path("data-register/<int:pk>/edit/", views.RegisterEditView.as_view(), name="register-edit"),
]
