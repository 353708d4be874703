from django.urls import path

from . import exports, views

urlpatterns = [
    path("evaluations/", views.PeriodListView.as_view(), name="evaluation-list"),
    path("evaluations/new/", views.PeriodCreateView.as_view(), name="evaluation-create"),
    path("evaluations/<int:pk>/", views.PeriodDetailView.as_view(), name="evaluation-detail"),
    path("evaluations/<int:pk>/transition/", views.PeriodTransitionView.as_view(), name="evaluation-transition"),
    path("evaluations/<int:pk>/tree/", views.TreeEditView.as_view(), name="evaluation-tree"),
    path("evaluations/<int:pk>/manual-scores/", views.ManualScoreView.as_view(), name="evaluation-manual"),
    path("evaluations/<int:pk>/export.xlsx", exports.export_xlsx, name="evaluation-export"),
    path("evaluations/<int:pk>/results.docx", exports.export_docx, name="evaluation-document"),
    path("scores/<int:pk>/", views.ScoreSheetView.as_view(), name="score-detail"),
]
