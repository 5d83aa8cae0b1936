from django.urls import path

from samsyn.accounts import views

# Under /f/<association_slug>/ (samsyn/urls.py).
urlpatterns = [
    path("inloggning/", views.sign_in_settings, name="sign_in_settings"),
    path("anvandare/<int:membership_id>/broms/", views.brake_lift, name="brake_lift"),
]
