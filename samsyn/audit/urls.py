from django.urls import path

from samsyn.audit import views

urlpatterns = [
    path("granskningslogg/", views.audit_search, name="audit_search"),
]
