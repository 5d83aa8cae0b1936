"""Importing participations: formats, every fault at once, nothing half-written, idempotence."""

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from samsyn.audit.models import AuditEntry
from samsyn.participants.models import Participation

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
    assert "2 new, 0 changed and 0 unchanged" in run(path)
    assert Participation.objects.count() == before + 2
    assert "0 new, 0 changed and 2 unchanged" in run(path)
    assert Participation.objects.count() == before + 2
    closed = Participation.objects.get(intervention=alfa.intervention, exit_reason="arbete")
    assert closed.referrer_category == "fk" and closed.municipality == alfa.members["kommun"]
    own_code = Participation.objects.get(referrer="kaa", birth_year=1999)
    assert own_code.referrer_category == "kommun"
    assert AuditEntry.objects.filter(action="import", rows=2).exists()


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
    with pytest.raises(CommandError, match="faulty rows or cells; nothing was imported"):
        call_command("import_participations", str(write(tmp_path, "\n".join([HEADER_EN, *bad]))),
                     "--association", "alfa", stdout=StringIO(), stderr=err)
    messages = err.getvalue()
    for expected in [
        "row 3, column intervention: no insats 'finns-inte'",
        "row 4, column participant: the check digit of the personnummer is wrong",
        "row 4, column gender: 'robot' is not a known code",
        "row 4, column birth_year: '18' is not a birth year",
        "row 4, column municipality: 'Betakommun' is not a member kommun",
        "row 4, column referrer: 'xx' is not a referrer code",
        "row 4, column start_date: '2022-13-01' is not a date",
        "row 5, column exit_reason: an ended participation needs its exit reason",
        "row 6, column end_date: the end is before the start",
        "row 7: the same participation as row 2",
    ]:
        assert expected in messages
    assert "9875" not in messages
    assert Participation.objects.count() == before


def test_a_missing_column_is_named(alfa, tmp_path):
    with pytest.raises(CommandError, match="row 1: missing column participant"):
        run(write(tmp_path, "insats,kön,födelseår,anvisare,startdatum\n"))


def test_staff_import_only_into_their_own_insatser(alfa, login, tmp_path):
    client = login(alfa.users["staff"])
    text = HEADER_EN + "\nsamverkan,LOK-8,man,1990,,fk,2022-01-01,,,\n"
    upload = io.BytesIO(text.encode())
    upload.name = "d.csv"
    page = client.post(reverse("participations_import", args=["alfa"]), {"file": upload})
    assert "row 2, column intervention: no insats &#x27;samverkan&#x27;" in page.content.decode()


def test_the_upload_page_previews_then_imports(alfa, login):
    client = login(alfa.users["staff"])
    text = "\n".join([HEADER_EN, *GOOD]) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "d.csv"
    before = Participation.objects.count()
    page = client.post(reverse("participations_import", args=["alfa"]), {"file": upload})
    assert "2 nya deltaganden" in page.content.decode()
    assert Participation.objects.count() == before
    import hashlib

    sha = hashlib.sha256(text.encode()).hexdigest()
    response = client.post(reverse("participations_import", args=["alfa"]), {"sha256": sha})
    assert response.status_code == 302
    assert Participation.objects.count() == before + 2
