from django.urls import path

from samsyn.national import api, views

# Under /f/<association_slug>/ (samsyn/urls.py).
association_patterns = [
    path("nationellt/", views.publish_page, name="national_publish"),
]

urlpatterns = [
    path("nationellt/", views.national, name="national"),
    path("nationellt/<year:year>/signerad/", views.national_export, name="national_export"),
    path("api/v1/nationellt/<year:year>/", api.NationalYear.as_view(), name="api_national"),
]
