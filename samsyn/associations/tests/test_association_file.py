import json
from decimal import Decimal

import pytest

from samsyn.associations.association_file import (
    AssociationFileError,
    parse_association,
    read_association_file,
)


def minimal(**extra):
    return {"slug": "test", "name": "Samordningsförbundet Test", **extra}


def errors_of(data):
    with pytest.raises(AssociationFileError) as caught:
        parse_association(data)
    return caught.value.errors


def test_it_reads_the_example_of_the_design_document():
    spec = parse_association({
        "slug": "ostra-sodertorn", "name": "Samordningsförbundet Östra Södertörn",
        "members": [{"name": "Försäkringskassan", "kind": "state"},
                    {"name": "Region Stockholm", "kind": "region"},
                    {"name": "Haninge", "kind": "kommun", "population": {"2021-11-01": 96000}}],
        "interventions": [{"slug": "mia-os", "name": "MIA Vidare Östra Södertörn",
                           "kind": "individual", "start": "2020-06-01", "end": "2022-12-31"}],
    })
    assert [m.name for m in spec.members] == ["Försäkringskassan", "Region Stockholm", "Haninge"]
    assert spec.members[2].population == {__import__("datetime").date(2021, 11, 1): 96000}
    assert spec.interventions[0].end.isoformat() == "2022-12-31"


def test_it_names_the_object_and_field_at_fault():
    errors = errors_of(minimal(interventions=[
        {"slug": "a", "name": "A", "kind": "individual", "start": "2022-01-01"},
        {"slug": "mia-os", "name": "MIA", "kind": "individual", "start": "2022-13-01",
         "goals": [{"name": "Arbete", "metric": "exit_work_or_studies_share",
                    "target": "abc", "unit": "percent"}]},
    ]))
    assert ('interventions[1] (mia-os).start: "2022-13-01" är inte ett datum skrivet ÅÅÅÅ-MM-DD'
            in errors)
    assert 'interventions[1] (mia-os).goals[0] (Arbete).target: "abc" är inget tal' in errors


def test_it_lists_every_fault_not_only_the_first():
    errors = errors_of(minimal(members=[
        {"name": "X", "kind": "county"}, {"name": "Y"}, {"kind": "kommun"},
    ]))
    assert len(errors) == 3
    assert any("members[0] (X).kind" in e for e in errors)
    assert any("members[1] (Y).kind: måste anges" in e for e in errors)
    assert any("members[2].name: måste anges" in e for e in errors)


def test_references_must_exist_in_the_file():
    errors = errors_of(minimal(
        members=[{"name": "Region", "kind": "region"}],
        interventions=[{"slug": "a", "name": "A", "kind": "individual", "start": "2022-01-01",
                        "run_by": "Nacka", "municipalities": ["Region"],
                        "target_groups": ["Unga"]}],
    ))
    assert 'interventions[0] (a).run_by: "Nacka" är ingen medlem i filen' in errors
    assert any("municipalities" in e and "ingen medlemskommun" in e for e in errors)
    assert any("target_groups" in e and "ingen målgrupp" in e for e in errors)


def test_duplicates_and_unknown_fields_are_refused():
    errors = errors_of(minimal(
        members=[{"name": "A", "kind": "kommun"}, {"name": "A", "kind": "kommun"}],
        colour="blue",
    ))
    assert 'members: "A" finns två gånger' in errors
    assert "colour: är inget känt fält" in errors


def test_numbers_must_be_written_as_text_or_whole_numbers():
    errors = errors_of(minimal(settings={"state_share": 0.5, "suppression_threshold": "5"}))
    assert any(e.startswith("settings.state_share") for e in errors)
    assert any(e.startswith("settings.suppression_threshold") for e in errors)


def test_settings_are_read_as_decimals():
    spec = parse_association(minimal(settings={"state_share": "0,5", "region_share": "0.25"}))
    assert spec.settings["state_share"] == Decimal("0.5")


def test_a_file_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"slug": "x",\n "name": }', encoding="utf-8")
    with pytest.raises(AssociationFileError) as caught:
        read_association_file(path)
    assert "Rad 2" in caught.value.errors[0]


def test_a_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8-sig")
    assert read_association_file(path).slug == "test"


def test_a_kommun_member_may_carry_its_kommunkod_of_four_digits():
    spec = parse_association(minimal(members=[
        {"name": "Haninge", "kind": "kommun", "code": "0136"}]))
    assert spec.members[0].code == "0136"
    errors = errors_of(minimal(members=[{"name": "Tyresö", "kind": "kommun", "code": "138"}]))
    assert 'members[0] (Tyresö).code: "138" är ingen kommunkod med fyra siffror' in errors


def test_the_classification_is_read_only_where_the_file_names_it():
    spec = parse_association(minimal(interventions=[
        {"slug": "a", "name": "A", "kind": "individual", "start": "2023-01-01",
         "followup_method": "endast_antal", "target_group_codes": ["alder_16_24"]},
        {"slug": "b", "name": "B", "kind": "structural", "start": "2023-01-01"},
    ]))
    assert spec.interventions[0].classification == {
        "followup_method": "endast_antal", "target_group_codes": ["alder_16_24"]}
    assert spec.interventions[1].classification == {}


def test_target_group_codes_must_be_a_list_of_text():
    errors = errors_of(minimal(interventions=[
        {"slug": "a", "name": "A", "kind": "individual", "start": "2023-01-01",
         "target_group_codes": ["alder_16_24", 7]},
        {"slug": "b", "name": "B", "kind": "individual", "start": "2023-01-01",
         "target_group_codes": "alder_16_24"},
    ]))
    assert "interventions[0] (a).target_group_codes: 7 är ingen kod (text)" in errors
    assert "interventions[1] (b).target_group_codes: måste vara en lista" in errors


def test_an_insats_goals_in_words_are_read_one_a_line():
    spec = parse_association(minimal(interventions=[
        {"slug": "a", "name": "A", "kind": "structural", "start": "2023-01-01",
         "aims": ["Informationen ska vara aktuell.", "  ", "Fler besökare än föregående år."]},
    ]))
    assert spec.interventions[0].aims == ("Informationen ska vara aktuell.\n"
                                          "Fler besökare än föregående år.")


def test_an_insats_goals_in_words_must_be_text():
    errors = errors_of(minimal(interventions=[
        {"slug": "a", "name": "A", "kind": "structural", "start": "2023-01-01",
         "aims": ["Ett mål", 7]},
    ]))
    assert "interventions[0] (a).aims[1]: 7 är ingen text" in errors
