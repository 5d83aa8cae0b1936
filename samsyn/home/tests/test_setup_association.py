import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.associations.models import Association, Member, Population
from samsyn.interventions.models import Activity, Goal, Intervention, PlanYear

FILE = {
    "slug": "ostra-sodertorn", "name": "Samordningsförbundet Östra Södertörn",
    "members": [
        {"name": "Försäkringskassan", "kind": "state"},
        {"name": "Arbetsförmedlingen", "kind": "state", "pays": False},
        {"name": "Region Stockholm", "kind": "region"},
        {"name": "Haninge", "kind": "kommun", "population": {"2021-11-01": 96000}},
        {"name": "Tyresö", "kind": "kommun", "population": {"2021-11-01": 48000}},
    ],
    "target_groups": [{"name": "Unga vuxna", "age_min": 16, "age_max": 29}],
    "interventions": [{
        "slug": "mia-os", "name": "MIA Vidare Östra Södertörn", "kind": "individual",
        "start": "2020-06-01", "end": "2022-12-31", "run_by": "Haninge",
        "municipalities": ["Haninge", "Tyresö"], "target_groups": ["Unga vuxna"],
        "goals": [{"name": "Andel till arbete eller studier",
                   "metric": "exit_work_or_studies_share", "target": "65", "unit": "percent"}],
    }],
    "plans": [{"year": 2022, "decided": "2021-11-25", "focus_areas": [
        {"name": "Individ", "goals": [{"name": "Egen försörjning",
                                       "activities": [{"name": "Finansiera insatser"}]}]},
    ]}],
}


def write(tmp_path, data, name="f.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot():
    return {
        "members": sorted(Member.objects.values_list("name", "kind", "pays")),
        "population": sorted(Population.objects.values_list("member__name", "date", "count")),
        "interventions": sorted(Intervention.objects.values_list(
            "slug", "name", "start", "end", "run_by__name")),
        "goals": sorted(Goal.objects.values_list("name", "target")),
        "activities": sorted(Activity.objects.values_list("name", flat=True)),
    }


@pytest.mark.django_db
def test_it_creates_the_association_with_everything_in_the_file(tmp_path, capsys):
    call_command("setup_association", write(tmp_path, FILE))
    association = Association.objects.get(slug="ostra-sodertorn")
    mia = association.interventions.get(slug="mia-os")
    assert mia.run_by.name == "Haninge"
    assert sorted(mia.municipalities.values_list("name", flat=True)) == ["Haninge", "Tyresö"]
    assert mia.goals.get().target == 65
    assert association.members.get(name="Arbetsförmedlingen").pays is False
    assert association.plans.get(year=2022).focus_areas.get().goals.get().activities.count() == 1
    assert "created" in capsys.readouterr().out


@pytest.mark.django_db
def test_running_it_twice_changes_nothing_the_second_time(tmp_path, capsys):
    path = write(tmp_path, FILE)
    call_command("setup_association", path)
    before = snapshot()
    capsys.readouterr()
    call_command("setup_association", path, "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["created"] == {} and result["updated"] == {}
    assert snapshot() == before


@pytest.mark.django_db
def test_a_changed_file_updates_in_place(tmp_path):
    call_command("setup_association", write(tmp_path, FILE))
    changed = json.loads(json.dumps(FILE))
    changed["interventions"][0]["name"] = "MIA Vidare"
    changed["interventions"][0]["municipalities"] = ["Haninge"]
    call_command("setup_association", write(tmp_path, changed))
    mia = Intervention.objects.get(slug="mia-os")
    assert mia.name == "MIA Vidare"
    assert list(mia.municipalities.values_list("name", flat=True)) == ["Haninge"]
    assert Intervention.objects.count() == 1


@pytest.mark.django_db
def test_a_malformed_file_exits_1_naming_the_field_and_writes_nothing(tmp_path):
    bad = json.loads(json.dumps(FILE))
    bad["interventions"][0]["goals"][0]["target"] = "650"  # a share above 100 %
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("setup_association", write(tmp_path, bad), stderr=err)
    message = str(caught.value)
    assert "interventions[0] (mia-os).goals[0] (Andel till arbete eller studier).target" \
        in err.getvalue()
    assert "inget sparades" in message and "\n" not in message
    assert Association.objects.count() == 0
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_a_fault_in_an_update_leaves_the_earlier_state_whole(tmp_path):
    call_command("setup_association", write(tmp_path, FILE))
    before = snapshot()
    bad = json.loads(json.dumps(FILE))
    bad["members"][3]["population"] = {"2022-11-01": 97000}
    bad["interventions"][0]["end"] = "2019-01-01"  # before the start
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_association", write(tmp_path, bad), stderr=err)
    assert "interventions[0] (mia-os).end" in err.getvalue()
    assert snapshot() == before


@pytest.mark.slow  # a fresh database migrated in a subprocess: a minute of CPU
def test_the_exit_code_is_1_from_the_command_line(tmp_path):
    env = {**os.environ, "SAMSYN_DEBUG": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], capture_output=True,
                              text=True, check=False, env=env)

    assert manage("migrate", "-v", "0").returncode == 0
    result = manage("setup_association", str(write(tmp_path, {"slug": "Bad Slug", "name": "X"})))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "file.slug:" in result.stderr


def classified():
    data = json.loads(json.dumps(FILE))
    data["interventions"][0].update({
        "followup_method": "personuppgifter", "esf_funded": True,
        "esf_programme": "esf_2014_2020", "target_group_codes": ["alder_16_29", "forsorjningsstod"],
        "target_group_text": "Unga vuxna som varken arbetar eller studerar"})
    return data


@pytest.mark.django_db
def test_the_classification_goes_in_and_a_second_run_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, classified())
    call_command("setup_association", path)
    mia = Intervention.objects.get(slug="mia-os")
    assert (mia.followup_method, mia.esf_programme, mia.target_group_codes,
            mia.target_group_text) == ("personuppgifter", "esf_2014_2020",
                                       ["alder_16_29", "forsorjningsstod"],
                                       "Unga vuxna som varken arbetar eller studerar")
    assert mia.to_classify == []
    capsys.readouterr()
    call_command("setup_association", path, "--format", "json")
    assert json.loads(capsys.readouterr().out)["updated"] == {}


@pytest.mark.django_db
def test_a_file_without_the_classification_keeps_what_was_typed_in_samsyn(tmp_path):
    call_command("setup_association", write(tmp_path, classified()))
    plain = json.loads(json.dumps(FILE))
    plain["interventions"][0]["esf_funded"] = True  # a field of its own, false when left out
    call_command("setup_association", write(tmp_path, plain, "plain.json"))
    mia = Intervention.objects.get(slug="mia-os")
    assert mia.followup_method == "personuppgifter"
    assert mia.target_group_codes == ["alder_16_29", "forsorjningsstod"]


@pytest.mark.django_db
def test_a_code_not_in_its_list_is_named_with_its_place_and_nothing_is_written(tmp_path):
    bad = classified()
    bad["interventions"][0].update({"followup_method": "register",
                                    "target_group_codes": ["okand"]})
    with pytest.raises(CommandError):
        call_command("setup_association", write(tmp_path, bad), stderr=StringIO())
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_association", write(tmp_path, bad), stderr=errors)
    said = errors.getvalue()
    assert ("interventions[0] (mia-os).followup_method: ”register” finns inte i listan över "
            "Uppföljningsmetod.") in said
    assert "interventions[0] (mia-os).target_group_codes: ”okand”" in said
    assert not Intervention.objects.exists()


@pytest.mark.django_db
def test_a_file_cannot_change_what_uppfoljning_finsam_locked(tmp_path):
    import datetime as dt

    from samsyn.reports.models import ReportVersion

    call_command("setup_association", write(tmp_path, classified()))
    ReportVersion.objects.create(association=Association.objects.get(slug="ostra-sodertorn"),
                                 kind="uppfoljning-finsam", year=2022,
                                 decided=dt.date(2023, 2, 20), figures={})
    changed = classified()
    changed["interventions"][0].update({"followup_method": "endast_antal", "name": "MIA"})
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_association", write(tmp_path, changed), stderr=errors)
    assert ("interventions[0] (mia-os).followup_method: Uppföljningsmetod har rapporterats "
            "till Uppföljning Finsam") in errors.getvalue()
    mia = Intervention.objects.get(slug="mia-os")
    assert (mia.followup_method, mia.name) == ("personuppgifter", "MIA Vidare Östra Södertörn")


@pytest.mark.django_db
def test_an_insats_external_financing_and_a_plans_choice_go_in_and_stay_when_left_out(
        tmp_path, capsys):
    data = json.loads(json.dumps(FILE))
    data["interventions"][0].update({
        "external_financier": "Europeiska socialfonden", "external_amount": "48000000",
        "external_start": "2020-06-01", "external_end": "2022-12-31"})
    data["plans"][0]["describes_interventions"] = True
    path = write(tmp_path, data)
    call_command("setup_association", path)
    mia = Intervention.objects.get(slug="mia-os")
    assert (mia.external_financier, mia.external_amount, mia.external_start,
            mia.external_end) == ("Europeiska socialfonden", Decimal(48_000_000),
                                  dt.date(2020, 6, 1), dt.date(2022, 12, 31))
    assert PlanYear.objects.get(year=2022).describes_interventions is True
    capsys.readouterr()
    call_command("setup_association", path, "--format", "json")
    assert json.loads(capsys.readouterr().out)["updated"] == {}
    # A file that names neither keeps what is held.
    call_command("setup_association", write(tmp_path, FILE, "plain.json"))
    assert Intervention.objects.get(slug="mia-os").external_amount == Decimal(48_000_000)
    assert PlanYear.objects.get(year=2022).describes_interventions is True


@pytest.mark.django_db
def test_a_bad_external_amount_or_choice_is_named_with_its_place_and_nothing_is_written(
        tmp_path):
    data = json.loads(json.dumps(FILE))
    data["interventions"][0].update({"external_amount": "48 mkr", "external_end": "2022-13-01"})
    data["plans"][0]["describes_interventions"] = "ja"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_association", write(tmp_path, data), stderr=err)
    said = err.getvalue()
    for where in ("interventions[0] (mia-os).external_amount",
                  "interventions[0] (mia-os).external_end",
                  "plans[0] (2022).describes_interventions"):
        assert where in said, where
    assert not Association.objects.filter(slug="ostra-sodertorn").exists()


@pytest.mark.django_db
def test_a_sum_without_a_financier_is_refused_by_the_models_rule(tmp_path):
    data = json.loads(json.dumps(FILE))
    data["interventions"][0]["external_amount"] = "1000"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("setup_association", write(tmp_path, data), stderr=err)
    assert "interventions[0] (mia-os).external_financier" in err.getvalue()
    assert not Association.objects.filter(slug="ostra-sodertorn").exists()
