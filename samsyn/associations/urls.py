from django.urls import path

from samsyn.associations import views

urlpatterns = [
    path("installningar/", views.association_edit, name="association_edit"),
    path("medlemmar/", views.member_list, name="member_list"),
    path("medlemmar/ny/", views.member_create, name="member_create"),
    path("medlemmar/<int:member_id>/", views.member_detail, name="member_detail"),
    path("medlemmar/<int:member_id>/andra/", views.member_edit, name="member_edit"),
    path("medlemmar/<int:member_id>/ta-bort/", views.member_delete, name="member_delete"),
    path("medlemmar/<int:member_id>/befolkning/ny/", views.population_create,
         name="population_create"),
    path("medlemmar/<int:member_id>/befolkning/<int:population_id>/", views.population_edit,
         name="population_edit"),
    path("medlemmar/<int:member_id>/befolkning/<int:population_id>/ta-bort/",
         views.population_delete, name="population_delete"),
    path("anvandare/", views.membership_list, name="membership_list"),
    path("anvandare/ny/", views.membership_create, name="membership_create"),
    path("anvandare/<int:membership_id>/", views.membership_edit, name="membership_edit"),
    path("anvandare/<int:membership_id>/ta-bort/", views.membership_delete,
         name="membership_delete"),
]
