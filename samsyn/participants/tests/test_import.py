"""Importing participations: formats, every fault at once, nothing half-written, idempotence."""

import datetime as dt
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from samsyn.audit.models import AuditEntry
from samsyn.participants.models import Participant, Participation, ReferrerCode

HEADER_EN = ("intervention,participant,gender,birth_year,municipality,referrer,start_date,"
             "support_at_start,end_date,exit_reason")
GOOD = [
    "vagen-vidare,19811218-9876,kvinna,1981,Alfa kommun,fk,2022-01-10,forsorjningsstod,"
    "2022-06-30,arbete",
    "vagen-vidare,LOK-17,man,1999,,kaa,2022-02-01,,,",
]


def run(path, *extra):
    out = StringIO()
    call_command("import_participations", str(path), "--association", "alfa", *extra,
                 stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path, text, name="deltagare.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_comma_file_imports_and_a_second_run_changes_nothing(alfa, tmp_path):
    path = write(tmp_path, "\n".join([HEADER_EN, *GOOD]) + "\n")
    before = Participation.objects.count()
    assert "2 nya, 0 ändrade och 0 oförändrade" in run(path)
    assert Participation.objects.count() == before + 2
    assert "0 nya, 0 ändrade och 2 oförändrade" in run(path)
    assert Participation.objects.count() == before + 2
    closed = Participation.objects.get(intervention=alfa.intervention, exit_reason="arbete")
    assert closed.referrer_category == "fk" and closed.municipality == alfa.members["kommun"]
    own_code = Participation.objects.get(referrer="kaa", birth_year=1999)
    assert own_code.referrer_category == "kommun"
    assert AuditEntry.objects.filter(action="save", rows=2,
                                     detail__contains='"via": "import"').exists()


def test_a_changed_row_is_an_update_not_a_new_participation(alfa, tmp_path):
    run(write(tmp_path, "\n".join([HEADER_EN, *GOOD]) + "\n"))
    closed = GOOD[1].removesuffix(",,,") + ",,2022-09-30,studier"
    out = json.loads(run(write(tmp_path, "\n".join([HEADER_EN, GOOD[0], closed]) + "\n",
                               "andra.csv"), "--format", "json"))
    assert (out["create"], out["update"], out["unchanged"]) == (0, 1, 1)
    assert Participation.objects.get(birth_year=1999).exit_reason == "studier"


def test_swedish_labels_semicolons_and_a_bom(alfa, tmp_path):
    text = ("\ufeffInsats;Deltagare;Kön;Födelseår;Kommun;Anvisare;Startdatum;"
            "Försörjning vid start;Slutdatum;Avslutsorsak\n"
            "Vägen vidare;LOK-1;Kvinna;1970;alfa kommun;Försäkringskassan;2022-01-10;"
            "Försörjningsstöd;2022-05-01;Arbete\n"
            "vagen-vidare;LOK-2;Ej angett;1971;;Kommunala aktivitetsansvaret;2022-01-11;;;\n")
    run(write(tmp_path, text))
    first = Participation.objects.get(birth_year=1970)
    assert (first.gender, first.referrer, first.support_at_start, first.exit_reason) == (
        "kvinna", "fk", "forsorjningsstod", "arbete")
    assert Participation.objects.get(birth_year=1971).gender == "ej_angett"


def test_an_excel_file_with_real_dates(alfa, tmp_path):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER_EN.split(","))
    sheet.append(["vagen-vidare", "LOK-9", "man", 1985, "", "af", dt.datetime(2022, 4, 1),
                  "", None, None])
    path = tmp_path / "deltagare.xlsx"
    book.save(path)
    run(path)
    assert Participation.objects.get(birth_year=1985).start_date == dt.date(2022, 4, 1)


def test_every_faulty_row_and_column_is_listed_and_nothing_is_written(alfa, tmp_path):
    bad = [
        GOOD[0],
        "finns-inte,LOK-3,kvinna,1990,,fk,2022-01-01,,,",
        "vagen-vidare,811218-9875,robot,18,Betakommun,xx,2022-13-01,,,",
        "vagen-vidare,LOK-4,man,1990,,fk,2022-01-01,,2022-02-01,",
        "vagen-vidare,LOK-5,man,1990,,fk,2022-03-01,,2022-02-01,arbete",
        "vagen-vidare,19811218-9876,kvinna,1981,Alfa kommun,fk,2022-01-10,,,",
    ]
    before = Participation.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="felaktiga rader eller celler; inget importerades"):
        call_command("import_participations", str(write(tmp_path, "\n".join([HEADER_EN, *bad]))),
                     "--association", "alfa", stdout=StringIO(), stderr=err)
    messages = err.getvalue()
    for expected in [
        "rad 3, kolumn intervention: ingen insats 'finns-inte'",
        "rad 4, kolumn participant: personnumrets kontrollsiffra är fel",
        "rad 4, kolumn gender: 'robot' är ingen känd kod",
        "rad 4, kolumn birth_year: '18' är inte ett födelseår",
        "rad 4, kolumn municipality: 'Betakommun' är ingen medlemskommun",
        "rad 4, kolumn referrer: 'xx' är ingen anvisarkod",
        "rad 4, kolumn start_date: '2022-13-01' är inte ett datum",
        "rad 5, kolumn exit_reason: ett avslutat deltagande behöver en avslutsorsak",
        "rad 6, kolumn end_date: slutet ligger före starten",
        "rad 7: samma deltagande som rad 2",
    ]:
        assert expected in messages
    assert "9875" not in messages
    assert Participation.objects.count() == before


def test_a_missing_column_is_named(alfa, tmp_path):
    with pytest.raises(CommandError, match="rad 1: kolumnen participant saknas"):
        run(write(tmp_path, "insats,kön,födelseår,anvisare,startdatum\n"))


def test_staff_import_only_into_their_own_insatser(alfa, login, tmp_path):
    client = login(alfa.users["staff"])
    text = HEADER_EN + "\nsamverkan,LOK-8,man,1990,,fk,2022-01-01,,,\n"
    upload = io.BytesIO(text.encode())
    upload.name = "d.csv"
    page = client.post(reverse("participations_import", args=["alfa"]), {"file": upload})
    assert "rad 2, kolumn intervention: ingen insats &#x27;samverkan&#x27;" in page.content.decode()


def test_the_upload_page_previews_then_imports(alfa, login):
    client = login(alfa.users["staff"])
    text = "\n".join([HEADER_EN, *GOOD]) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "d.csv"
    before = Participation.objects.count()
    page = client.post(reverse("participations_import", args=["alfa"]), {"file": upload})
    assert "2 nya deltaganden" in page.content.decode()
    assert Participation.objects.count() == before
    token = client.session["samsyn_participations_import"]["token"]
    response = client.post(reverse("participations_import", args=["alfa"]),
                           {"action": "import", "token": token})
    assert response.status_code == 302
    assert Participation.objects.count() == before + 2


def test_a_row_changed_between_preview_and_import_refuses_the_import(alfa, login):
    """The preview read the rows the file names; one changed since would be overwritten
    unseen, so the import is refused rather than lose that change."""
    client = login(alfa.users["staff"])
    # The world's participation (19900101-0017, 2022-02-01), ended by the file.
    text = (HEADER_EN + "\nvagen-vidare,19900101-0017,kvinna,1990,Alfa kommun,kaa,"
            "2022-02-01,forsorjningsstod,2022-06-30,arbete\n")
    upload = io.BytesIO(text.encode())
    upload.name = "d.csv"
    url = reverse("participations_import", args=["alfa"])
    assert "1 ändrade" in client.post(url, {"file": upload}).content.decode()
    participation = Participation.objects.get(pk=alfa.extra["participation"].pk)
    participation.birth_year = 1991  # someone's save through a form, meanwhile
    participation.version += 1
    participation.save()
    token = client.session["samsyn_participations_import"]["token"]
    page = client.post(url, {"action": "import", "token": token})
    assert "ändrats av någon annan sedan förhandsvisningen" in page.content.decode()
    participation.refresh_from_db()
    assert (participation.birth_year, participation.end_date) == (1991, None)


def test_an_import_that_changes_a_row_raises_its_version(alfa, tmp_path):
    """So a form opened on the row before the import is refused as stale, not saved over it."""
    text = (HEADER_EN + "\nvagen-vidare,19900101-0017,kvinna,1990,Alfa kommun,kaa,"
            "2022-02-01,forsorjningsstod,2022-06-30,arbete\n")
    run(write(tmp_path, text))
    ended = Participation.objects.get(pk=alfa.extra["participation"].pk)
    assert (ended.end_date, ended.version) == (dt.date(2022, 6, 30), 1)
    run(write(tmp_path, text, "again.csv"))
    assert Participation.objects.get(pk=ended.pk).version == 1


OUTCOME_HEADER = ("Insats;Deltagare;Kön;Födelseår;Anvisare;Startdatum;Försörjning vid start;"
                  "Slutdatum;Avslutsorsak;Sysselsättning vid start;Sysselsättning vid avslut;"
                  "Försörjning vid avslut;Uppföljningsdatum;Sysselsättning vid uppföljning;"
                  "Försörjning vid uppföljning\n")


def test_the_outcome_columns_import_with_swedish_labels(alfa, tmp_path):
    text = (OUTCOME_HEADER
            + "vagen-vidare;LOK-30;Kvinna;1980;FK;2022-01-10;Försörjningsstöd;2022-06-30;Arbete;"
              "Arbetssökande;Arbete;Lön;2022-12-30;Studier;Ingen\n")
    run(write(tmp_path, text))
    p = Participation.objects.get(birth_year=1980)
    assert (p.occupation_at_start, p.occupation_at_exit, p.support_at_exit) == (
        "arbetssokande", "arbete", "lon")
    assert (p.followup_date.isoformat(), p.followup_occupation, p.followup_support) == (
        "2022-12-30", "studier", "ingen")
    later = text.replace("Studier;Ingen", "Arbete;Lön")
    out = json.loads(run(write(tmp_path, later, "igen.csv"), "--format", "json"))
    assert (out["create"], out["update"]) == (0, 1)
    assert Participation.objects.get(birth_year=1980).followup_occupation == "arbete"


def test_the_outcome_columns_follow_the_rules_of_the_participation(alfa, tmp_path):
    text = (OUTCOME_HEADER
            + "vagen-vidare;LOK-31;Man;1980;FK;2022-01-10;;;;Robot;Arbete;;;;\n"
            + "vagen-vidare;LOK-32;Man;1980;FK;2022-01-10;;2022-06-30;Arbete;;;;2022-05-01;;\n"
            + "vagen-vidare;LOK-33;Man;1980;FK;2022-01-10;;2022-06-30;Arbete;;;;;Arbete;\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_participations", str(write(tmp_path, text)), "--association",
                     "alfa", stdout=StringIO(), stderr=err)
    messages = err.getvalue()
    assert "rad 2, kolumn Sysselsättning vid start: 'Robot' är ingen känd kod" in messages
    assert "rad 2, kolumn Slutdatum: läget vid avslut kräver ett slutdatum" in messages
    assert "rad 3, kolumn Uppföljningsdatum: uppföljningen ligger före slutdatum" in messages
    assert "rad 4, kolumn Uppföljningsdatum: ange datum för uppföljningen" in messages
    assert not Participation.objects.filter(birth_year=1980).exists()


def test_the_preview_lists_only_so_many_faults_and_counts_the_rest(alfa, tmp_path):
    rows = [f"vagen-vidare,LOK-{i},robot,1990,,fk,2022-01-01,,," for i in range(300)]
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_participations", str(write(tmp_path, "\n".join([HEADER_EN, *rows]))),
                     "--association", "alfa", stdout=StringIO(), stderr=err)
    assert "… och 100 fel till." in err.getvalue()
    assert "300 felaktiga rader eller celler" in str(caught.value)
    assert len(err.getvalue().splitlines()) == 201


def test_a_check_sees_every_new_and_changed_row_and_may_refuse_the_import(alfa, tmp_path):
    from samsyn.associations.access import Scope
    from samsyn.participants import importing

    scope = Scope.system(alfa.association)
    with write(tmp_path, "\n".join([HEADER_EN, *GOOD]) + "\n").open("rb") as f:
        importing.import_file(scope, f, "d.csv", apply=True, user=None)
    changed = GOOD[1].removesuffix(",,,") + ",,2022-09-30,studier"
    new = "vagen-vidare,LOK-40,man,1970,Alfa kommun,fk,2022-03-01,,,"
    seen = {}

    def check(changes, apply):
        seen["create"] = [(r.pseudonym[:4], r.start_date, r.municipality) for r in changes.create]
        seen["update"] = [(old.end_date, row.end_date, row.exit_reason)
                          for old, row in changes.update]
        seen["sizes"] = (len(changes.create), len(changes.update))
        return ["rad 3: perioden är rapporterad"]

    path = write(tmp_path, "\n".join([HEADER_EN, GOOD[0], changed, new]) + "\n", "b.csv")
    before = Participation.objects.count()
    with path.open("rb") as f:
        summary = importing.import_file(scope, f, "b.csv", apply=True, user=None, check=check)
    assert summary.errors == ["rad 3: perioden är rapporterad"] and not summary.applied
    assert Participation.objects.count() == before
    assert seen["sizes"] == (1, 1)
    assert seen["create"][0][1:] == (dt.date(2022, 3, 1), "Alfa kommun")
    assert seen["update"] == [(None, dt.date(2022, 9, 30), "studier")]


def test_an_own_referrer_code_with_a_backslash_and_a_tab_is_stored_as_written(alfa, tmp_path):
    # The staged rows go to PostgreSQL as COPY text, where both characters mean something.
    ReferrerCode.objects.create(association=alfa.association, code="kaa\\2\tb", label="Udda",
                                category="kommun")
    row = "vagen-vidare,LOK-3,man,1999,,KAA\\2\tB,2022-02-01,,,"
    path = write(tmp_path, "\n".join([HEADER_EN, row]) + "\n")
    assert "1 nya, 0 ändrade och 0 oförändrade" in run(path)
    assert Participation.objects.get(referrer="kaa\\2\tb").referrer_category == "kommun"
    assert "0 nya, 0 ändrade och 1 oförändrade" in run(path)


def test_a_dry_run_counts_what_it_would_do_and_writes_nothing(alfa, tmp_path):
    path = write(tmp_path, "\n".join([HEADER_EN, *GOOD]) + "\n")
    before = (Participant.objects.count(), Participation.objects.count(),
              AuditEntry.objects.count())
    assert "2 nya, 0 ändrade och 0 oförändrade" in run(path, "--dry-run")
    assert (Participant.objects.count(), Participation.objects.count(),
            AuditEntry.objects.count()) == before
