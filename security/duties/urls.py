from django.urls import path

from . import views

urlpatterns = [
    path("systems/", views.SystemListView.as_view(), name="system-list"),
    path("systems/new/", views.SystemEditView.as_view(), name="system-create"),
    path("systems/<int:pk>/edit/", views.SystemEditView.as_view(), name="system-edit"),
    path("duties/<int:org_id>/", views.org_duties, name="org-duties"),
]
