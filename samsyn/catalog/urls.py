from django.urls import path

from samsyn.catalog import views

urlpatterns = [
    path("katalog/", views.catalog, name="catalog"),
    path("katalog/<slug:association_slug>/", views.catalog, name="catalog_association"),
    path("katalog/<slug:association_slug>/<slug:intervention_slug>/", views.entry,
         name="catalog_entry"),
]
