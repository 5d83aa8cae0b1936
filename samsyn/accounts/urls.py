from django.urls import path

from samsyn.accounts import views

urlpatterns = [
    path("inloggning/", views.sign_in_settings, name="sign_in_settings"),
]
