from django.urls import path

from . import views_coverage, views_inspections, views_templates

urlpatterns = [
    path("inspections/", views_inspections.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/new/", views_inspections.InspectionEditView.as_view(), name="inspection-create"),
    path("inspections/coverage/", views_coverage.CoverageView.as_view(), name="inspection-coverage"),
    path("inspections/<int:pk>/", views_inspections.InspectionDetailView.as_view(), name="inspection-detail"),
    path("inspections/<int:pk>/edit/", views_inspections.InspectionEditView.as_view(), name="inspection-edit"),
    path("inspections/<int:pk>/complete/", views_inspections.InspectionCompleteView.as_view(),
         name="inspection-complete"),
    path("inspection-templates/", views_templates.TemplateListView.as_view(), name="inspection-template-list"),
    path("inspection-templates/new/", views_templates.TemplateEditView.as_view(),
         name="inspection-template-create"),
    path("inspection-templates/<int:pk>/", views_templates.TemplateDetailView.as_view(),
         name="inspection-template-detail"),
    path("inspection-templates/<int:pk>/edit/", views_templates.TemplateEditView.as_view(),
         name="inspection-template-edit"),
    path("inspection-templates/<int:pk>/toggle-active/", views_templates.template_toggle_active,
         name="inspection-template-toggle"),
]
