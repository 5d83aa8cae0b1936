"""The public catalogue: no login, only public insatser and fields, Swedish search, filters."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.catalog import search
from samsyn.catalog.words import fold, query_terms, query_words, stem
from samsyn.interventions.models import Intervention, TargetGroup


@pytest.mark.parametrize(("word", "expected"), [
    ("insatser", "insats"), ("arbetsträning", "arbetstraning"), ("kommunerna", "kommun"),
    ("unga", "unga"), ("Deltagarna", "deltag"),
])
def test_stems(word, expected):
    assert stem(word) == expected


@given(st.text(max_size=200))
def test_any_text_gives_at_most_eight_plain_words(text):
    words = query_words(text)
    assert len(words) <= 8 and all(w and '"' not in w and w == w.lower() for w in words)


@pytest.fixture
def catalogue(alfa, beta):
    training = Intervention.objects.create(
        association=alfa.association, slug="arbetstraning", name="Arbetsträningsplatser",
        kind="individual", start=dt.date(2021, 1, 1), public=True,
        catalog_offers="Arbetsträning i kommunens verksamheter med handledare.",
        catalog_audience="Unga vuxna som står långt från arbetsmarknaden.",
        catalog_referral="Via din handläggare.", catalog_contact="kansli@example.se",
        description="INTERN ANTECKNING",
    )
    training.municipalities.set([alfa.members["kommun"]])
    training.target_groups.set([alfa.target_group])
    Intervention.objects.create(
        association=alfa.association, slug="hemlig", name="Hemlig insats", kind="individual",
        start=dt.date(2021, 1, 1), public=False, catalog_offers="Arbetsträning i hemlighet.")
    Intervention.objects.create(
        association=alfa.association, slug="slut", name="Avslutad arbetsträning",
        kind="individual", start=dt.date(2019, 1, 1), end=dt.date(2020, 1, 1), public=True)
    adults = TargetGroup.objects.create(association=beta.association, name="Vuxna",
                                        age_min=30, age_max=64,
                                        description="Vuxna med psykisk ohälsa.")
    beta.intervention.catalog_offers = "Samordnat stöd mot studier."
    beta.intervention.save()
    beta.intervention.target_groups.set([adults])
    return alfa, beta


def names(response):
    return [i.name for i in response.context["results"]]


def test_anyone_sees_the_public_insatser_of_every_förbund_without_logging_in(client,
                                                                              catalogue):
    response = client.get(reverse("catalog"))
    assert response.status_code == 200
    assert set(names(response)) == {"Arbetsträningsplatser", "Vägen vidare"}
    page = response.content.decode()
    assert "Hemlig insats" not in page and "Avslutad" not in page


def test_one_förbund_and_one_entry_with_its_public_fields_only(client, catalogue):
    listing = client.get(reverse("catalog_association", args=["alfa"]))
    assert sorted(names(listing)) == ["Arbetsträningsplatser", "Vägen vidare"]
    page = client.get(reverse("catalog_entry", args=["alfa", "arbetstraning"])).content.decode()
    for shown in ("Arbetsträning i kommunens", "Unga vuxna som står", "Via din handläggare",
                  "kansli@example.se", "Alfa kommun", "Unga vuxna (16–29 år)"):
        assert shown in page
    assert "INTERN ANTECKNING" not in page
    assert client.get(reverse("catalog_entry", args=["alfa", "hemlig"])).status_code == 404
    assert client.get(reverse("catalog_entry", args=["beta", "arbetstraning"])).status_code == 404


@pytest.mark.parametrize(("query", "found"), [
    ("arbetsträning", {"Arbetsträningsplatser"}),
    ("Arbetsträningen handledare", {"Arbetsträningsplatser"}),
    ("studier", {"Vägen vidare"}),
    ("unga vuxna", {"Arbetsträningsplatser", "Vägen vidare"}),
    ("hemlighet", set()),
    ('"; DROP TABLE catalog_fts; --', set()),
    # Without å, ä, ö, as people type on a foreign keyboard.
    ("arbetstraning", {"Arbetsträningsplatser"}),
    ("ARBETSTRÄNINGSPLATSER", {"Arbetsträningsplatser"}),
    # Synonyms kept as data: "ungdomar" finds what says "unga".
    ("ungdomar", {"Arbetsträningsplatser", "Vägen vidare"}),
    # A quoted phrase: the words next to each other, in this order.
    ('"unga vuxna"', {"Arbetsträningsplatser", "Vägen vidare"}),
    ('"vuxna unga"', set()),
    ('"långt från arbetsmarknaden"', {"Arbetsträningsplatser"}),
    ('"langt fran"', {"Arbetsträningsplatser"}),
    ('"', {"Arbetsträningsplatser", "Vägen vidare"}),
    # A target group's description is public, and searched.
    ("psykisk ohälsa", {"Vägen vidare"}),
    ('"psykisk ohalsa"', {"Vägen vidare"}),
])
def test_search_in_swedish_finds_longer_forms(client, catalogue, query, found):
    assert set(names(client.get(reverse("catalog"), {"q": query}))) == found


@given(st.text(max_size=120))
def test_any_query_gives_at_most_eight_terms_of_plain_folded_stems(text):
    terms = query_terms(text)
    assert len(terms) <= 8
    for term in terms:
        for s in term.phrase or term.alternatives:
            assert s == fold(s) and '"' not in s


def test_synonyms_are_read_from_the_data_file_both_ways():
    (young,) = query_terms("ungdomar")
    (unga,) = query_terms("unga")
    assert set(young.alternatives) == set(unga.alternatives) >= {"unga", "ungdom"}


@pytest.mark.django_db
def test_no_query_text_breaks_either_databases_syntax(catalogue):
    qs = Intervention.objects.filter(public=True)
    for text in ['"a', "*", "NEAR(", "a:* | !", "'\\", "ö\"ä\"", "( ) & <->", "😀 ünga"]:
        list(search.matching(qs, text))


def test_filters_by_kommun_age_group_and_kind(client, catalogue):
    url = reverse("catalog")
    assert names(client.get(url, {"kommun": "Alfa kommun"})) == ["Arbetsträningsplatser",
                                                                  "Vägen vidare"]
    # alfa's Vägen vidare serves Unga vuxna (16–29); beta's only Vuxna (30–64).
    assert names(client.get(url, {"age": "20"})) == ["Arbetsträningsplatser", "Vägen vidare"]
    older = client.get(url, {"age": "40"})
    assert names(older) == ["Vägen vidare"]
    assert older.context["results"][0].association.slug == "beta"
    assert names(client.get(url, {"group": "Vuxna"})) == ["Vägen vidare"]
    assert names(client.get(url, {"kind": "structural"})) == []


def test_the_index_follows_changes(catalogue):
    training = Intervention.objects.get(slug="arbetstraning")
    qs = Intervention.objects.filter(public=True)
    assert list(search.matching(qs, "handledare")) == [training]
    training.public = False
    training.save()
    assert list(search.matching(qs, "handledare")) == []
    training.public = True
    training.catalog_offers = "Praktik med stöd."
    training.save()
    assert list(search.matching(qs, "praktik")) == [training]
    training.delete()
    assert list(search.matching(Intervention.objects.all(), "praktik")) == []
    assert search.rebuild() >= 0
