import pytest
from django.urls import reverse

from samsyn.interventions.models import Goal, Intervention


def test_the_office_creates_an_intervention_with_a_goal(alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("intervention_create", args=[slug]), {
        "name": "Arbetsträning Norr", "slug": "arbetstraning-norr", "kind": "individual",
        "start": "2023-01-01", "end": "", "run_by": alfa.members["kommun"].pk,
        "municipalities": [alfa.members["kommun"].pk], "target_groups": [alfa.target_group.pk],
        "usual_duration_days": "365",
    })
    assert response.status_code == 302
    intervention = Intervention.objects.get(association=alfa.association,
                                            slug="arbetstraning-norr")
    assert response["Location"] == reverse("intervention_detail",
                                           args=[slug, intervention.slug])
    response = client.post(reverse("goal_create", args=[slug, intervention.slug]), {
        "name": "Deltagare", "metric": "participants_new", "target": "200", "unit": "count",
        "comparison": "at_least", "year": "2023",
    })
    assert response.status_code == 302
    assert intervention.goals.get().target == 200
    page = client.get(reverse("intervention_list", args=[slug])).content.decode()
    assert "Arbetsträning Norr" in page


def test_form_errors_are_in_swedish(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("intervention_create", args=[alfa.association.slug]),
                           {"name": "", "slug": "Ogiltig Slug", "kind": "individual",
                            "start": "2023-02-30"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in page
    assert "Fyll i ett giltigt datum." in page
    assert "Fyll i en giltig &#x27;slug&#x27;" in page


def test_an_insats_cannot_point_at_another_associations_member(alfa, beta, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("intervention_create", args=[alfa.association.slug]), {
        "name": "Smuggel", "slug": "smuggel", "kind": "individual", "start": "2023-01-01",
        "run_by": beta.members["kommun"].pk, "municipalities": [beta.members["kommun"].pk],
    })
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Intervention.objects.filter(slug="smuggel").exists()


def test_a_duplicate_short_name_is_a_field_error_not_a_crash(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("intervention_create", args=[alfa.association.slug]), {
        "name": "Kopia", "slug": alfa.intervention.slug, "kind": "individual",
        "start": "2023-01-01",
    })
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert Intervention.objects.filter(association=alfa.association).count() == 2


def test_the_same_short_name_may_exist_in_two_associations(alfa, beta):
    assert alfa.intervention.slug == beta.intervention.slug


def test_a_share_goal_must_be_in_per_cent(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("goal_create", args=[alfa.association.slug, alfa.intervention.slug])
    response = client.post(url, {"name": "Fel", "metric": "exit_work_or_studies_share",
                                  "target": "65", "unit": "count", "comparison": "at_least"})
    assert "Måttet är en andel: välj procent." in response.content.decode()
    assert not Goal.objects.filter(name="Fel").exists()


def test_the_plan_page_shows_the_tree_and_the_years_interventions(alfa, login):
    client = login(alfa.users["board"])
    page = client.get(reverse("plan_detail", args=[alfa.association.slug, 2022])).content
    page = page.decode()
    for text in ("Målområde 1: Individen", "Fler når egen försörjning",
                 "Finansiera individinsatser", "Vägen vidare", "minst 65\u00a0%",
                 "25 november 2021"):
        assert text in page


def test_the_plan_lists_only_interventions_running_that_year(alfa, login):
    client = login(alfa.users["office"])
    alfa.plan.year = 2021
    alfa.plan.save()
    page = client.get(reverse("plan_detail", args=[alfa.association.slug, 2021])).content
    assert "Vägen vidare".encode() in page
    assert "Samverkan i nätverk".encode() not in page


def test_staff_see_only_their_interventions_in_lists(alfa, login):
    client = login(alfa.users["staff"])
    page = client.get(reverse("intervention_list", args=[alfa.association.slug])).content
    assert "Vägen vidare".encode() in page
    assert "Samverkan i nätverk".encode() not in page


@pytest.mark.parametrize("role", ["board", "analyst", "staff"])
def test_read_only_roles_see_no_edit_links(alfa, login, role):
    client = login(alfa.users[role])
    page = client.get(reverse("intervention_detail",
                              args=[alfa.association.slug, alfa.intervention.slug])).content
    assert reverse("intervention_edit",
                   args=[alfa.association.slug, alfa.intervention.slug]).encode() not in page


def test_english_is_available(alfa, login):
    client = login(alfa.users["office"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("intervention_list", args=[alfa.association.slug])).content
    assert b"New intervention" in page
