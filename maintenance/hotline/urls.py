"""Pages of the 12345 hotline area (第十八条), in the "maintenance" namespace under /maintenance/hotline/."""

from django.urls import path

from . import views_badreviews as reviews
from . import views_workorders as orders

urlpatterns = [
    path("hotline/work-orders/", orders.WorkOrderListView.as_view(), name="hotline-workorder-list"),
    path("hotline/work-orders/new/", orders.WorkOrderCreateView.as_view(), name="hotline-workorder-create"),
    path("hotline/work-orders/<int:pk>/", orders.WorkOrderDetailView.as_view(), name="hotline-workorder-detail"),
    path("hotline/work-orders/<int:pk>/action/", orders.WorkOrderTransitionView.as_view(),
         name="hotline-workorder-transition"),
    path("hotline/work-orders/<int:pk>/dispatch/", orders.DispatchView.as_view(), name="hotline-workorder-dispatch"),
    path("hotline/work-orders/<int:pk>/extension/", orders.ExtensionDecisionView.as_view(),
         name="hotline-extension-decision"),
    path("hotline/bad-reviews/", reviews.BadReviewListView.as_view(), name="hotline-badreview-list"),
    path("hotline/bad-reviews/new/", reviews.BadReviewCreateView.as_view(), name="hotline-badreview-create"),
    path("hotline/bad-reviews/<int:pk>/", reviews.BadReviewDetailView.as_view(), name="hotline-badreview-detail"),
    path("hotline/bad-reviews/<int:pk>/action/", reviews.BadReviewTransitionView.as_view(),
         name="hotline-badreview-transition"),
]
