"""Publishing to the national view, reading it, and moving figures between installations."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.national import services, signing
from samsyn.national.models import Snapshot
from samsyn.participants.models import MonthlyCount, Participant, Participation
from samsyn.participants.services import pseudonymiser


def _participations(world, women, men, exits):
    """Participations of 2022: `exits` maps an exit reason to how many of the women left."""
    hashing = pseudonymiser(world.association)
    reasons = [reason for reason, n in exits.items() for _ in range(n)]
    for i in range(women + men):
        person = Participant.objects.create(association=world.association,
                                            pseudonym=hashing(f"local-{i}"))
        reason = reasons[i] if i < len(reasons) else ""
        Participation.objects.create(
            intervention=world.intervention, participant=person,
            gender="kvinna" if i < women else "man", birth_year=1995,
            municipality=world.members["kommun"], referrer="af", referrer_category="af",
            start_date=dt.date(2022, 2, 1), support_at_start="forsorjningsstod",
            support_time="1-3", consent_date=dt.date(2022, 2, 1),
            end_date=dt.date(2022, 9, 1) if reason else None, exit_reason=reason,
        )


@pytest.fixture
def published(alfa):
    alfa.association.county = "01"
    alfa.association.save()
    # Only the participations below and the one of the test world: a row of the world's small
    # monthly count would take the förbund's totals with it (its total less the others').
    MonthlyCount.objects.filter(intervention__association=alfa.association).delete()
    _participations(alfa, women=9, men=1, exits={"arbete": 6, "studier": 2})
    return services.publish(alfa.association, 2022, alfa.users["office"])


def _cells(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _cells(inner)
    else:
        yield value


def test_published_figures_hold_no_count_below_the_threshold(published):
    people = published.figures["participants"]
    # Nine women here and the one every test world has (samsyn/participants/testing.py), and
    # one man: he is hidden, and the women with him so the total does not give him away.
    new = people["new"]
    assert new["total"] == 11 and new["ej_angett"] == 0
    assert isinstance(new["man"], str) and isinstance(new["kvinna"], str)
    assert isinstance(people["exits_by_reason"]["studier"], str)
    counts = [c for c in _cells(people) if isinstance(c, int)]
    assert counts and all(c == 0 or c >= 5 for c in counts)
    assert published.county == "01"
    assert published.published_by.username.endswith("office")


def test_the_office_publishes_from_the_förbund_page(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(f"/f/{alfa.association.slug}/nationellt/",
                           {"year": "2022", "action": "publish"})
    assert response.status_code == 302
    assert Snapshot.objects.filter(association=alfa.association, year=2022).exists()
    client.post(f"/f/{alfa.association.slug}/nationellt/",
                {"year": "2022", "action": "withdraw"})
    assert not Snapshot.objects.filter(association=alfa.association, year=2022).exists()


def test_the_board_cannot_publish(alfa, login):
    response = login(alfa.users["board"]).post(f"/f/{alfa.association.slug}/nationellt/",
                                               {"year": "2022", "action": "publish"})
    assert response.status_code == 403
    assert not Snapshot.objects.exists()


def test_any_signed_in_user_reads_the_national_view(published, beta, login, client):
    assert client.get("/nationellt/?year=2022").status_code == 302
    response = login(beta.users["staff"]).get("/nationellt/?year=2022")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Samordningsförbundet alfa" in page
    assert "<td>Stockholms län</td>" in page  # who has published: the förbund's län by name
    # The one man is published hidden, so the nation's sum of men is hidden too: it takes
    # nothing from the hidden cell, and a lower bound of "≥ 0" would look like a figure.
    assert "≥ 0" not in page
    assert "<td>dold</td>" in page or ">dold<" in page


def test_the_api_gives_the_nation_each_county_and_each_förbund(published, beta, login):
    response = login(beta.users["board"]).get("/api/v1/nationellt/2022/")
    assert response.status_code == 200
    body = response.json()
    assert body["nation"]["participants"]["new"]["total"] == {"exact": 11}
    assert body["nation"]["participants"]["new"]["man"] == {"at_least": 0}
    assert body["counties"]["01"]["associations"] == 1
    assert [a["slug"] for a in body["associations"]] == ["alfa"]
    # Figures only: no record, no pseudonym, nothing per person.
    assert set(body["associations"][0]["figures"]) == {"format", "threshold", "counted",
                                                       "participants", "economy", "indicators"}


def test_another_installation_imports_the_signed_figures(published, settings, tmp_path):
    private, public = signing.new_key()
    settings.SAMSYN_NATIONAL_SIGNING_KEY = private
    settings.SAMSYN_INSTALLATION_NAME = "Norr"
    path = tmp_path / "figures.json"
    call_command("export_national", str(path), "--year", "2022")
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"Installationen i norr {public}"
    call_command("import_national", str(path))
    imported = Snapshot.objects.get(origin="Installationen i norr", year=2022)
    assert imported.figures == published.figures
    assert imported.association is None
    # Importing the same file again replaces, never doubles.
    call_command("import_national", str(path))
    assert Snapshot.objects.filter(year=2022).count() == 2


def test_a_tampered_or_untrusted_file_is_refused_and_nothing_is_written(published, settings,
                                                                          tmp_path):
    private, public = signing.new_key()
    settings.SAMSYN_NATIONAL_SIGNING_KEY = private
    path = tmp_path / "figures.json"
    call_command("export_national", str(path), "--year", "2022")
    document = json.loads(path.read_text())
    document["payload"] = document["payload"].replace('"kvinna":', '"kvinna":1', 1)
    assert document["payload"] != json.loads(path.read_text())["payload"]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document))
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"Norr {public}"
    with pytest.raises(CommandError, match="Signaturen stämmer inte"):
        call_command("import_national", str(tampered))
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"Norr {signing.new_key()[1]}"
    with pytest.raises(CommandError, match="inte är betrodd"):
        call_command("import_national", str(path))
    assert Snapshot.objects.count() == 1


def test_a_trusted_but_malformed_file_is_refused_naming_the_field(settings, tmp_path, db):
    private, public = signing.new_key()
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"Norr {public}"
    path = tmp_path / "bad.json"
    path.write_bytes(signing.sign({"year": 2022, "associations": [
        {"slug": "x", "name": "X", "county": "01", "figures": {"format": 1}}]}, private, "N"))
    with pytest.raises(CommandError, match=r"associations\[0\]\.figures"):
        call_command("import_national", str(path))
    assert not Snapshot.objects.exists()


def test_the_publish_command_publishes_and_withdraws(alfa, capsys):
    call_command("publish_national", "--association", "alfa", "--year", "2022")
    assert Snapshot.objects.filter(slug="alfa", year=2022).exists()
    call_command("publish_national", "--association", "alfa", "--year", "2022", "--withdraw")
    assert not Snapshot.objects.exists()
    with pytest.raises(CommandError, match="year"):
        call_command("publish_national", "--association", "alfa", "--year", "1990")


def test_the_national_page_offers_the_signed_file_only_when_a_key_is_configured(
        published, login, settings, alfa):
    client = login(alfa.users["board"])
    settings.SAMSYN_NATIONAL_SIGNING_KEY = ""
    response = client.get("/nationellt/2022/signerad/", follow=True)
    assert "signeringsnyckel" in response.content.decode()
    private, public = signing.new_key()
    settings.SAMSYN_NATIONAL_SIGNING_KEY = private
    response = client.get("/nationellt/2022/signerad/")
    assert response["Content-Disposition"].startswith("attachment")
    name, payload = signing.verify(response.content, {public: "Här"})
    assert name == "Här"
    assert [a["slug"] for a in payload["associations"]] == ["alfa"]


def test_the_national_api_and_page_need_a_sign_in(published, client):
    assert client.get("/api/v1/nationellt/2022/").status_code in (401, 403)
    assert client.get("/nationellt/2022/signerad/").status_code == 302
    assert client.get("/nationellt/?year=abc").status_code == 302


def test_a_year_that_is_not_a_year_is_not_found(published, login, alfa):
    client = login(alfa.users["board"])
    assert client.get("/nationellt/?year=20x2").status_code == 404
    assert client.get("/api/v1/nationellt/1900/").status_code == 404
    assert client.get("/nationellt/?year=2023").status_code == 200


def test_a_year_the_register_holds_nothing_of_is_published_as_no_figure_not_0(alfa, login):
    snapshot = services.publish(alfa.association, 2021, alfa.users["office"])
    assert snapshot.figures["counted"] is False
    page = login(alfa.users["staff"]).get("/nationellt/?year=2021").content.decode()
    side_by_side = page.split("Förbunden sida vid sida", 1)[1]
    row = side_by_side.split("Samordningsförbundet alfa</th>", 1)[1].split("</tr>", 1)[0]
    assert row.count("<td class=\"num\">–</td>") == 5
    assert "förbundets register har inga deltaganden" in page


def test_a_year_with_participations_is_published_as_counted(published):
    assert published.figures["counted"] is True


def test_a_snapshot_from_before_counted_was_kept_still_shows_its_figures(published):
    from samsyn.national import pages
    figures = {k: v for k, v in published.figures.items() if k != "counted"}
    row = pages.build([type("S", (), {"figures": figures, "name": "x", "county": "01",
                                       "origin": ""})()])["tables"][0].rows[0]
    assert "–" not in row[2:5]


def test_an_indicator_is_shown_with_its_questions_text_and_an_own_code_as_it_is():
    from samsyn.national.pages import _question

    assert _question("C1") == ("C1 Tas erfarenheter, såsom kunskaper och synpunkter, från "
                               "deltagare systematiskt tillvara?")
    assert _question("P3").startswith("P3 ") and len(_question("P3")) > 20
    assert _question("EGEN-7") == "EGEN-7"


def test_the_api_gives_shares_as_numbers_as_the_participants_report_does(published, beta,
                                                                         login):
    body = login(beta.users["board"]).get("/api/v1/nationellt/2022/").json()
    share = body["nation"]["work_or_studies"]["share"]
    assert isinstance(share, float) and 0 < share <= 1
    for up in [body["nation"], *body["counties"].values()]:
        for sums in up["indicators"].values():
            assert sums["positive_share"] is None or isinstance(sums["positive_share"], float)
