"""Pages of availability monitoring (第十七条), in the "maintenance" namespace under /maintenance/monitoring/."""

from django.urls import path

from . import views_anomalies, views_dashboard

urlpatterns = [
    path("monitoring/", views_dashboard.MonitoringDashboardView.as_view(), name="monitoring-dashboard"),
    path("monitoring/services/<int:pk>/", views_dashboard.ServiceMonitoringView.as_view(), name="monitoring-service"),
    path("monitoring/services/<int:pk>/probe/", views_dashboard.probe_now, name="monitoring-probe"),
    path("monitoring/anomalies/", views_anomalies.AnomalyListView.as_view(), name="anomaly-list"),
    path("monitoring/anomalies/<int:pk>/", views_anomalies.AnomalyDetailView.as_view(), name="anomaly-detail"),
    path("monitoring/anomalies/<int:pk>/transition/", views_anomalies.AnomalyTransitionView.as_view(),
         name="anomaly-transition"),
]
