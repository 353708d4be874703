from django.urls import path

from . import catalog_views as views

urlpatterns = [
    path("", views.ServiceListView.as_view(), name="service-list"),
    path("new/", views.ServiceEditView.as_view(), name="service-create"),
    path("import/", views.ServiceImportView.as_view(), name="service-import"),
    path("import/template.xlsx", views.import_template, name="service-import-template"),
    path("<int:pk>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path("<int:pk>/edit/", views.ServiceEditView.as_view(), name="service-edit"),
    path("<int:pk>/self-tests/new/", views.SelfTestCreateView.as_view(), name="selftest-create"),
    path("self-tests/<int:pk>/", views.SelfTestDetailView.as_view(), name="selftest-detail"),
    path("self-tests/<int:pk>/evidence/<int:result_pk>/", views.selftest_evidence, name="selftest-evidence"),
    path("standards/", views.StandardListView.as_view(), name="standard-list"),
    path("standards/new/", views.StandardCreateView.as_view(), name="standard-create"),
    path("standards/<int:pk>/", views.StandardDetailView.as_view(), name="standard-detail"),
    path("standards/<int:pk>/activate/", views.standard_activate, name="standard-activate"),
]
