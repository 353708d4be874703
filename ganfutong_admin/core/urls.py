from django.urls import path

from . import views, views_exports

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox-open"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox-read-all"),
    path("exports/", views_exports.export_list, name="export-list"),
    path("exports/<int:pk>/", views_exports.export_detail, name="export-detail"),
    path("exports/<int:pk>/progress/", views_exports.export_progress, name="export-progress"),
    path("exports/<int:pk>/download/", views_exports.export_download, name="export-download"),
]
