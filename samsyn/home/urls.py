from django.urls import path

from samsyn.home import audit_log, views

urlpatterns = [
    path("", views.association_home, name="association_home"),
    path("granskningslogg/", audit_log.audit_search, name="audit_search"),
    path("tillganglighet/", views.accessibility_reports, name="accessibility_reports"),
]

# Pages outside any förbund, open to everyone.
public_patterns = [
    path("tillganglighet/", views.accessibility_statement, name="accessibility_statement"),
]
