from django.urls import path

from samsyn.surveys import views

urlpatterns = [
    path("enkater/", views.survey_home, name="survey_home"),
    path("enkater/mallar/hamta/", views.template_load, name="template_load"),
    path("enkater/mallar/<int:template_id>/", views.template_detail, name="template_detail"),
    path("enkater/mallar/<int:template_id>/fraga/ny/", views.local_question_create,
         name="local_question_create"),
    path("enkater/ny/", views.round_create, name="round_create"),
    path("enkater/<int:round_id>/", views.round_detail, name="round_detail"),
    path("enkater/<int:round_id>/inbjudan/", views.round_invite, name="round_invite"),
    path("enkater/<int:round_id>/resultat/", views.round_results, name="round_results"),
    path("enkater/<int:round_id>/import/", views.round_import, name="round_import"),
    path("enkater/<int:round_id>/publicerat/", views.round_published, name="round_published"),
]

public_patterns = [
    path("enkat/<str:token>/", views.survey_answer, name="survey_answer"),
]
