from django.urls import path

from samsyn.periods import views

urlpatterns = [
    path("perioder/", views.period_list, name="period_list"),
    path("perioder/ny/", views.period_sign, name="period_sign"),
    path("perioder/<int:period_id>/oppna/", views.period_reopen, name="period_reopen"),
    path("perioder/<int:period_id>/stang/", views.period_close, name="period_close"),
]
