from django.urls import path

from samsyn.participants import views

urlpatterns = [
    path("deltagare/", views.participants_home, name="participants_home"),
    path("deltagare/import/", views.participations_import, name="participations_import"),
    path("deltagare/registerutdrag/", views.register_extract, name="register_extract"),
    path("deltagare/logg/", views.audit_log, name="audit_log"),
    path("deltagare/anvisare/", views.referrer_list, name="referrer_list"),
    path("deltagare/anvisare/ny/", views.referrer_create, name="referrer_create"),
    path("deltagare/anvisare/<int:referrer_id>/", views.referrer_edit, name="referrer_edit"),
    path("deltagare/anvisare/<int:referrer_id>/ta-bort/", views.referrer_delete,
         name="referrer_delete"),
    path("deltagare/uppgifter/", views.stated_list, name="stated_list"),
    path("deltagare/publicerat/", views.published_snapshots, name="published_snapshots"),
    path("deltagare/uppgifter/ny/", views.stated_create, name="stated_create"),
    path("deltagare/uppgifter/<int:stated_id>/", views.stated_edit, name="stated_edit"),
    path("deltagare/uppgifter/<int:stated_id>/ta-bort/", views.stated_delete,
         name="stated_delete"),
    path("insatser/<slug:intervention_slug>/deltagare/", views.participation_list,
         name="participation_list"),
    path("insatser/<slug:intervention_slug>/deltagare/ny/", views.participation_create,
         name="participation_create"),
    path("insatser/<slug:intervention_slug>/deltagare/<int:participation_id>/",
         views.participation_edit, name="participation_edit"),
    path("insatser/<slug:intervention_slug>/deltagare/<int:participation_id>/ta-bort/",
         views.participation_delete, name="participation_delete"),
    path("insatser/<slug:intervention_slug>/manadsvis/", views.monthly_counts,
         name="monthly_counts"),
]
