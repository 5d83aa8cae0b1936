from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from samsyn.api import views, writes
from samsyn.web.apidocs import api_docs

TENANT = "api/v1/f/<slug:association_slug>/"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", api_docs, name="api_docs"),
    path("api/v1/katalog/", views.CatalogList.as_view(), name="api_catalog"),
    path(TENANT + "medlemmar/", views.MemberList.as_view(), name="api_members"),
    path(TENANT + "insatser/", views.InterventionList.as_view(), name="api_interventions"),
    path(TENANT + "insatser/<slug:intervention_slug>/", views.InterventionDetail.as_view(),
         name="api_intervention"),
    path(TENANT + "insatser/<slug:intervention_slug>/deltagande/",
         writes.InterventionParticipations.as_view(), name="api_intervention_participations"),
    path(TENANT + "insatser/<slug:intervention_slug>/deltagande/<int:participation_id>/",
         writes.InterventionParticipation.as_view(), name="api_intervention_participation"),
    path(TENANT + "plan/<year:year>/", views.PlanDetail.as_view(), name="api_plan"),
    path(TENANT + "budget/", views.BudgetLineList.as_view(), name="api_budget"),
    path(TENANT + "budget/rader/", writes.BudgetLineRows.as_view(), name="api_budget_lines"),
    path(TENANT + "budget/rader/<int:line_id>/", writes.BudgetLineRow.as_view(),
         name="api_budget_line"),
    path(TENANT + "utfall/", views.OutcomeList.as_view(), name="api_outcome"),
    path(TENANT + "deltagande/", views.ParticipationList.as_view(), name="api_participations"),
    path(TENANT + "rapporter/<slug:kind_slug>/", views.ReportJson.as_view(), name="api_report"),
]
