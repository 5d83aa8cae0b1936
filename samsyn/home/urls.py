from django.urls import path

from samsyn.home import audit_log, views, wastebasket

urlpatterns = [
    path("", views.association_home, name="association_home"),
    path("att-lamna/", views.due_page, name="due"),
    path("paminnelser/", views.reminder_settings, name="reminder_settings"),
    path("granskningslogg/", audit_log.audit_search, name="audit_search"),
    path("papperskorg/", wastebasket.removed_rows, name="removed_rows"),
    path("papperskorg/<int:removed_id>/aterstall/", wastebasket.removed_row_restore,
         name="removed_row_restore"),
    path("tillganglighet/", views.accessibility_reports, name="accessibility_reports"),
    path("dataskydd/", views.gdpr_documents, name="gdpr_documents"),
    path("dataskydd/<slug:document>/", views.gdpr_document, name="gdpr_document"),
]

# Pages outside any förbund, open to everyone.
public_patterns = [
    path("tillganglighet/", views.accessibility_statement, name="accessibility_statement"),
]
