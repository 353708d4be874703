from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    path("", views.AnnouncementListView.as_view(), name="announcement-list"),
    path("new/", views.AnnouncementEditView.as_view(), name="announcement-create"),
    path("<int:pk>/", views.AnnouncementDetailView.as_view(), name="announcement-detail"),
    path("<int:pk>/edit/", views.AnnouncementEditView.as_view(), name="announcement-edit"),
    path("<int:pk>/transition/", views.AnnouncementTransitionView.as_view(), name="announcement-transition"),
]
