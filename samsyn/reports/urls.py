from django.urls import path

from samsyn.reports import job_views, views

urlpatterns = [
    path("rapporter/", views.report_list, name="report_list"),
    path("rapporter/<slug:kind_slug>/", views.report_view, name="report_view"),
    path("rapporter/<slug:kind_slug>/texter/", views.report_texts, name="report_texts"),
    path("rapporter/<slug:kind_slug>/faststall/", views.report_freeze, name="report_freeze"),
    path("rapporter/<slug:kind_slug>/kontroller/", views.report_checks, name="report_checks"),
    path("rapporter/<slug:kind_slug>/beslut/", views.report_decision, name="report_decision"),
    path("rapporter/<slug:document_kind>/bestall/", job_views.report_order, name="report_order"),
    path("dokument/<int:job_id>/", job_views.document_job, name="document_job"),
    path("dokument/<int:job_id>/fil/", job_views.document_job_file, name="document_job_file"),
]
