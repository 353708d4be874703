from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("", views.parameter_list, name="parameter-list"),
    path("<str:name>/", views.parameter_detail, name="parameter-detail"),
]
