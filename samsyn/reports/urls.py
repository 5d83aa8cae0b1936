from django.urls import path

from samsyn.reports import views

urlpatterns = [
    path("rapporter/", views.report_list, name="report_list"),
    path("rapporter/<slug:kind_slug>/", views.report_view, name="report_view"),
]
