"""An insats classified as Uppföljning Finsam asks: the code lists (data), the validation
against them, the lock once reported, and the insatser still to classify."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.associations.writes import Actor
from samsyn.interventions import codelists
from samsyn.interventions.models import Intervention, InterventionKind
from samsyn.interventions.services import save_intervention
from samsyn.periods.models import SignedPeriod
from samsyn.reports.models import ReportVersion

PRECISE_LIST = """
title = "Preciserad inriktning"
question = "Preciserad inriktning"
source = "test"
verified = true

[[individual]]
code = "ind-a"
label = "Individ A"

[[structural]]
code = "str-a"
label = "Struktur A"
"""


@pytest.fixture
def own_lists(tmp_path):
    """An installation's own list of preciserade inriktningar, the rest as shipped."""
    (tmp_path / "preciserad_inriktning.toml").write_text(PRECISE_LIST, encoding="utf-8")
    with override_settings(CODE_LISTS_DIR=str(tmp_path)):
        yield tmp_path


def refusal(intervention, **changes):
    for name, value in changes.items():
        setattr(intervention, name, value)
    with pytest.raises(ValidationError) as caught:
        save_intervention(Actor.system(intervention.association), intervention)
    return caught.value.message_dict


def test_every_shipped_list_says_where_it_comes_from_and_when_it_was_read():
    for name in codelists.LISTS:
        listed = codelists.code_list(name)
        assert listed.source and listed.source_url.startswith("https://")
        assert listed.read_on == dt.date(2026, 12, 6)
    assert codelists.check_all() == []


def test_the_orientations_are_the_forms_labels_of_samsyns_two_kinds():
    orientation = codelists.code_list("inriktning")
    assert {c.code for c in orientation.codes} == set(InterventionKind.values)
    assert orientation.label("individual") == "Individinriktad"
    assert orientation.label("structural") == "Strukturövergripande"


def test_the_specified_orientations_ship_empty_and_unverified_as_no_source_was_found():
    precise = codelists.code_list("preciserad_inriktning")
    assert precise.per_kind == {"individual": (), "structural": ()}
    assert not precise.verified


def test_an_installations_own_list_replaces_the_shipped_one_and_only_that(own_lists):
    precise = codelists.code_list("preciserad_inriktning")
    assert [c.code for c in precise.for_kind("individual")] == ["ind-a"]
    assert codelists.code_list("uppfoljningsmetod").label("endast_antal") == (
        "Endast antal (volyminsats)")


def test_a_broken_list_is_said_by_the_system_check(tmp_path):
    (tmp_path / "malgrupp.toml").write_text("[[code]]\ncode = 'x'\n", encoding="utf-8")
    with override_settings(CODE_LISTS_DIR=str(tmp_path)):
        with pytest.raises(ImproperlyConfigured, match="needs a code and a label"):
            codelists.code_list("malgrupp")
        assert any("malgrupp.toml" in fault for fault in codelists.check_all())


def test_a_specified_orientation_must_be_one_of_the_list_for_the_insats_orientation(
        alfa, own_lists):
    errors = refusal(alfa.intervention, precise_orientation="str-a")
    assert errors["precise_orientation"] == [
        "”str-a” finns inte i listan över Preciserad inriktning för Individinriktad."]
    alfa.intervention.precise_orientation = "ind-a"
    assert save_intervention(Actor.system(alfa.association), alfa.intervention).wrote


def test_without_a_list_no_specified_orientation_is_accepted(alfa):
    errors = refusal(alfa.intervention, precise_orientation="ind-a")
    assert "precise_orientation" in errors


def test_method_programme_and_target_groups_are_checked_against_their_lists(alfa):
    errors = refusal(alfa.intervention, followup_method="register",
                     target_group_codes=["langtidssjukskrivna", "okand"],
                     esf_programme="esf_plus_2021_2027")
    assert errors["followup_method"] == ["”register” finns inte i listan över Uppföljningsmetod."]
    assert errors["target_group_codes"] == ["”okand” finns inte i listan över Målgrupp."]
    assert errors["esf_programme"] == [
        "Ett ESF-program anges bara för en insats som finansieras av ESF."]


def test_a_valid_classification_is_saved_and_the_insats_is_no_longer_to_classify(alfa):
    i = alfa.intervention
    assert i.to_classify == ["Uppföljningsmetod", "Målgrupp"]
    i.followup_method, i.target_group_codes = "personuppgifter", ["alder_16_29"]
    i.esf_funded, i.esf_programme = True, "esf_plus_2021_2027"
    save_intervention(Actor.system(alfa.association), i)
    i.refresh_from_db()
    assert i.target_group_codes == ["alder_16_29"] and i.to_classify == []


def test_the_list_page_shows_the_insatser_to_classify(alfa, login):
    alfa.intervention.followup_method = "endast_antal"
    alfa.intervention.target_group_codes = ["alder_16_29"]
    alfa.intervention.save()
    page = login(alfa.users["office"]).get(
        reverse("intervention_list", args=["alfa"]) + "?status=unclassified").content.decode()
    assert "Samverkan i nätverk" in page and "Vägen vidare" not in page
    assert "att klassificera" in page


def frozen(world, year=2023):
    return ReportVersion.objects.create(association=world.association,
                                        kind="uppfoljning-finsam", year=year,
                                        decided=dt.date(year + 1, 2, 20), figures={})


def test_once_reported_the_method_orientation_and_esf_are_refused_naming_the_field(alfa):
    i = alfa.intervention
    i.followup_method = "personuppgifter"
    i.save()
    frozen(alfa)
    i.refresh_from_db()
    errors = refusal(i, followup_method="endast_antal", kind="structural", esf_funded=True)
    assert errors["followup_method"] == [
        "Uppföljningsmetod har rapporterats till Uppföljning Finsam (Uppföljning Finsam "
        "2023, fastställd 2024-02-20) och är låst där, så den kan inte heller ändras här."]
    assert errors["kind"][0].startswith("Inriktning har rapporterats")
    assert errors["esf_funded"][0].startswith("ESF finansiering har rapporterats")
    i.refresh_from_db()
    assert (i.followup_method, i.kind, i.esf_funded) == ("personuppgifter", "individual",
                                                         False)


def test_once_reported_an_answer_samsyn_lacked_may_still_be_filled_in(alfa):
    frozen(alfa)
    i = alfa.intervention
    i.followup_method, i.target_group_codes = "personuppgifter", ["alder_16_24"]
    assert save_intervention(Actor.system(alfa.association), i).wrote
    i.refresh_from_db()
    assert i.followup_method == "personuppgifter"


def test_a_report_of_a_year_the_insats_did_not_run_locks_nothing(alfa):
    frozen(alfa, year=2020)  # vägen vidare starts in 2021
    i = alfa.intervention
    i.kind = "structural"
    assert save_intervention(Actor.system(alfa.association), i).wrote


def test_a_signed_off_uppfoljning_finsam_period_locks_as_well(alfa):
    SignedPeriod.objects.create(association=alfa.association, kind="uppfoljning-finsam",
                                start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
                                signed_by_name="kansli")
    errors = refusal(alfa.intervention, kind="structural")
    assert "Uppföljning Finsam 2023-01-01–2023-12-31" in errors["kind"][0]


def test_the_form_refuses_a_locked_change_through_the_page(alfa, login):
    frozen(alfa)
    i = alfa.intervention
    client = login(alfa.users["office"])
    page = client.get(reverse("intervention_edit", args=["alfa", i.slug])).content.decode()
    assert "Låst: rapporterad till Uppföljning Finsam" in page
    detail = client.get(reverse("intervention_detail", args=["alfa", i.slug])).content.decode()
    assert "Individinriktad" in detail and "Att klassificera:" in detail


def test_the_migration_maps_the_earlier_methods_and_empties_those_the_form_lacks(alfa):
    migration = importlib.import_module(
        "samsyn.interventions.migrations.0007_classification")
    Intervention.objects.filter(pk=alfa.intervention.pk).update(followup_method="register")
    Intervention.objects.filter(pk=alfa.other_intervention.pk).update(followup_method="survey")
    migration.map_methods(apps, None)
    methods = dict(Intervention.objects.values_list("slug", "followup_method"))
    assert methods == {"vagen-vidare": "personuppgifter", "samverkan": ""}
    assert "Uppföljningsmetod" in Intervention.objects.get(slug="samverkan").to_classify


def test_the_api_gives_the_classification_as_codes(alfa):
    i = alfa.intervention
    i.followup_method, i.target_group_codes = "endast_antal", ["langtidssjukskrivna"]
    i.save()
    _token, key = ApiToken.issue(alfa.users["office"], "test", second_factor=True)
    listed = Client(HTTP_AUTHORIZATION=f"Token {key}").get(
        reverse("api_interventions", args=["alfa"])).json()
    entry = next(e for e in listed["results"] if e["slug"] == "vagen-vidare")
    assert (entry["followup_method"], entry["target_group_codes"],
            entry["precise_orientation"], entry["esf_programme"]) == (
        "endast_antal", ["langtidssjukskrivna"], "", "")


def test_the_office_classifies_a_new_insats_on_its_page(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("intervention_create", args=["alfa"]), {
        "name": "Lumena", "slug": "lumena", "kind": "individual", "start": "2023-05-01",
        "followup_method": "personuppgifter", "esf_funded": "on",
        "esf_programme": "esf_plus_2021_2027",
        "target_group_codes": ["alder_16_29", "forsorjningsstod"],
    })
    assert response.status_code == 302
    lumena = Intervention.objects.get(slug="lumena")
    assert lumena.target_group_codes == ["alder_16_29", "forsorjningsstod"]
    assert lumena.to_classify == []
    refused = client.post(reverse("intervention_create", args=["alfa"]), {
        "name": "X", "slug": "x", "kind": "individual", "start": "2023-05-01",
        "esf_programme": "esf_plus_2021_2027"})
    assert refused.status_code == 200
    assert "Ett ESF-program anges bara för en insats som finansieras av ESF." in (
        refused.content.decode())
