from django.urls import path

from samsyn.home import audit_log, views

urlpatterns = [
    path("", views.association_home, name="association_home"),
    path("granskningslogg/", audit_log.audit_search, name="audit_search"),
]
