from django.urls import path

from . import views

urlpatterns = [
    path("suppliers/", views.SupplierListView.as_view(), name="supplier-list"),
    path("suppliers/new/", views.SupplierEditView.as_view(), name="supplier-create"),
    path("suppliers/expiry/", views.expiry, name="supplier-expiry"),
    path("suppliers/<int:pk>/", views.SupplierDetailView.as_view(), name="supplier-detail"),
    path("suppliers/<int:pk>/edit/", views.SupplierEditView.as_view(), name="supplier-edit"),
    path("suppliers/<int:pk>/people/", views.person_add, name="supplier-person-add"),
]
