from django.urls import path

from . import views

urlpatterns = [
    path("responsible-persons/", views.ResponsiblePersonListView.as_view(), name="responsible-list"),
    path("responsible-persons/new/", views.ResponsiblePersonEditView.as_view(), name="responsible-create"),
    path("responsible-persons/coverage/", views.CoverageView.as_view(), name="responsible-coverage"),
    path("responsible-persons/<int:pk>/", views.ResponsiblePersonDetailView.as_view(), name="responsible-detail"),
    path("responsible-persons/<int:pk>/edit/", views.ResponsiblePersonEditView.as_view(), name="responsible-edit"),
]
