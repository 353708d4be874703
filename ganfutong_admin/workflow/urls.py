from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("filings/", views.FilingQueueView.as_view(), name="filing-list"),
    path("filings/<int:pk>/", views.FilingDetailView.as_view(), name="filing-detail"),
    path("filings/<int:pk>/transition/", views.FilingTransitionView.as_view(), name="filing-transition"),
    path("filings/<int:pk>/rectifications/new/", views.filing_open_rectification, name="filing-open-rectification"),
    path("rectifications/", views.RectificationListView.as_view(), name="rectification-list"),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification-detail"),
    path("rectifications/<int:pk>/transition/", views.RectificationTransitionView.as_view(),
         name="rectification-transition"),
    path("rectifications/<int:pk>/evidence/", views.rectification_evidence, name="rectification-evidence"),
    path("calendar/", views.calendar_view, name="calendar"),
]
