"""One search box over a förbund's own records, on SQLite's FTS5 and PostgreSQL's text search
(run this file with DATABASE_URL set for the second)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.finance.models import BudgetLine
from samsyn.finance.services import save_budget_line
from samsyn.home import search
from samsyn.home.models import SearchEntry
from samsyn.interventions.models import Activity, Intervention
from samsyn.interventions.services import save_activity, save_intervention


@pytest.fixture
def world(alfa):
    """alfa with an insats of work training, one for the young, an activity and a budget line,
    all written as a person would (so the audit log says the index is stale)."""
    actor = Actor(scope=Scope.system(alfa.association))
    training = Intervention(association=alfa.association, slug="arbetstraning",
                            name="Arbetsträning på Kvarnen", kind="individual",
                            start=dt.date(2022, 1, 1))
    save_intervention(actor, training)
    young = Intervention(association=alfa.association, slug="ung-i-alfa",
                         name="Ung i Alfa", kind="individual", start=dt.date(2022, 1, 1),
                         description="För unga som varken arbetar eller studerar.")
    save_intervention(actor, young)
    save_activity(actor, Activity(goal=alfa.plan_goal, name="Samtalsstöd vid psykisk ohälsa"))
    save_budget_line(actor, BudgetLine(
        association=alfa.association, year=2022, scenario="budget", category="individual",
        intervention=training, label="Handledare för arbetsträningen",
        amount=Decimal("250000")))
    alfa.extra["training"] = training
    alfa.extra["young"] = young
    return alfa


def _find(client, world, text):
    return client.get(reverse("association_search", args=[world.association.slug]),
                      {"q": text})


def _titles(response):
    return [e.title for _k, _h, entries in response.context["groups"] for e in entries]


def test_a_word_without_diacritics_finds_the_insats_with_them(world, login):
    response = _find(login(world.users["office"]), world, "arbetstraning")
    assert response.status_code == 200
    assert "Arbetsträning på Kvarnen" in _titles(response)
    assert "Handledare för arbetsträningen" in _titles(response)


def test_a_synonym_finds_the_insats_for_the_young(world, login):
    assert "Ung i Alfa" in _titles(_find(login(world.users["office"]), world, "ungdomar"))


def test_a_phrase_finds_the_activity_of_the_plan_and_links_to_the_plan(world, login):
    response = _find(login(world.users["board"]), world, '"psykisk ohälsa"')
    groups = {kind: entries for kind, _h, entries in response.context["groups"]}
    assert [e.title for e in groups["plan"]] == ["Samtalsstöd vid psykisk ohälsa"]
    plan_url = reverse("plan_detail", args=[world.association.slug, 2022])
    assert groups["plan"][0].url == plan_url
    assert f'href="{plan_url}"' in response.content.decode()


def test_documents_are_found_by_title_and_year(world, login):
    response = _find(login(world.users["board"]), world, "årsredovisning 2022")
    assert "Årsredovisning 2022" in _titles(response)


def test_results_are_grouped_by_kind_with_swedish_headings(world, login):
    text = _find(login(world.users["office"]), world, "arbetsträning").content.decode()
    assert "<h2>Insatser</h2>" in text
    assert "<h2>Budgetrader</h2>" in text


def test_staff_find_only_their_own_insatser_and_no_budget(world, login):
    client = login(world.users["staff"])
    assert _titles(_find(client, world, "arbetsträning")) == []
    assert _titles(_find(client, world, "vägen")) == ["Vägen vidare"]


def test_a_board_member_does_not_find_what_their_role_may_not_read(world, login):
    search.refresh(world.association)
    SearchEntry.objects.create(association=world.association, kind="plan",
                               title="Hemlig arbetsträning", url="/", action="records.read",
                               body="arbetstran")
    titles = _titles(_find(login(world.users["board"]), world, "arbetstraning"))
    assert "Arbetsträning på Kvarnen" in titles
    assert "Hemlig arbetsträning" not in titles


def test_a_change_written_after_the_last_search_is_found_at_once(world, login):
    client = login(world.users["office"])
    assert _titles(_find(client, world, "kvarnen")) == ["Arbetsträning på Kvarnen"]
    training = world.extra["training"]
    training.name = "Arbetsträning på Sågen"
    save_intervention(Actor(scope=Scope.system(world.association)), training)
    assert _titles(_find(client, world, "kvarnen")) == []
    assert _titles(_find(client, world, "sågen")) == ["Arbetsträning på Sågen"]


def test_another_associations_records_are_never_found(world, beta, login):
    assert _titles(_find(login(beta.users["office"]), beta, "arbetstraning")) == []


def test_input_that_is_no_word_shows_nothing_and_no_error(world, login):
    client = login(world.users["office"])
    for text in ['"', "*", "-- ;", "ö" * 300, "AND OR NOT"]:
        assert _find(client, world, text).status_code == 200


def test_the_start_page_has_the_search_box(world, login):
    text = login(world.users["board"]).get(
        reverse("association_home", args=[world.association.slug])).content.decode()
    assert reverse("association_search", args=[world.association.slug]) in text
    assert 'type="search"' in text


def test_participant_records_are_never_indexed(world):
    search.rebuild(world.association)
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds <= set(search.KINDS)
