"""The public side: no login, no session (DESIGN section 5: GET /public/announcements.json and .atom)."""

from django.urls import path

from . import feeds

app_name = "public"

urlpatterns = [
    path("announcements.json", feeds.announcements_json, name="announcements-json"),
    path("announcements.atom", feeds.announcements_atom, name="announcements-atom"),
    path("announcements/<int:pk>/", feeds.announcement_page, name="announcement-page"),
]
