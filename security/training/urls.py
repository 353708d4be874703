from django.urls import path

from . import views

urlpatterns = [
    path("training/", views.SessionListView.as_view(), name="training-list"),
    path("training/new/", views.SessionCreateView.as_view(), name="training-create"),
    path("training/coverage/", views.training_coverage, name="training-coverage"),
    path("training/<int:pk>/", views.SessionDetailView.as_view(), name="training-detail"),
    path("training/<int:pk>/attendance/", views.attendance_add, name="training-attendance-add"),
]
