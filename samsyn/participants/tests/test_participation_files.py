"""Participant files as the staff make them: a template to download, the accepted words on
the import page, the personnummer's gender, and an ended participation that stays in view
(issue 28)."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from samsyn.associations.access import Scope
from samsyn.participants.file_template import HEADERS, columns, workbook
from samsyn.participants.importing import import_context
from samsyn.participants.models import Participation
from samsyn.participants.participation_file import Faults, header_map, read_rows
from samsyn.participants.pseudonym import legal_gender


def personnummer(date: str, serial: str) -> str:
    """A valid number: `serial` is three digits, the last one even for a woman."""
    digits = date[2:] + serial
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return f"{date}-{serial}{(10 - total % 10) % 10}"


WOMAN = personnummer("19850312", "242")
MAN = personnummer("19850312", "253")


def test_the_personnummer_states_the_legal_gender():
    assert legal_gender(WOMAN) == "kvinna" and legal_gender(MAN) == "man"
    assert legal_gender("LOK-17") is None and legal_gender("19850312-2420") is None


def test_a_file_gender_that_contradicts_the_personnummer_is_named_and_the_number_wins(
        alfa, login):
    client = login(alfa.users["staff"])
    text = ("Insats;Personnummer;Kön;Födelseår;Anvisare;Startdatum\n"
            f"vagen-vidare;{WOMAN};Man;1985;fk;2022-03-01\n"
            f"vagen-vidare;{MAN};Man;1985;fk;2022-03-01\n"
            "vagen-vidare;LOK-9;Kvinna;1985;fk;2022-03-01\n")
    upload = io.BytesIO(text.encode())
    upload.name = "d.csv"
    url = reverse("participations_import", args=["alfa"])
    page = client.post(url, {"file": upload}).content.decode()
    assert "Rad 2: könet i filen stämmer inte med personnumret" in page
    token = client.session["samsyn_participations_import"]["token"]
    client.post(url, {"action": "import", "token": token})
    genders = sorted(Participation.objects.filter(start_date=dt.date(2022, 3, 1))
                     .values_list("gender", flat=True))
    assert genders == ["kvinna", "kvinna", "man"]


def test_the_template_has_swedish_headers_and_lists_the_reader_accepts(alfa):
    scope = Scope.system(alfa.association)
    book = load_workbook(io.BytesIO(workbook(scope)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == list(HEADERS.values())
    header_map(header)  # the reader knows every column by the template's name
    lists = {str(v.sqref).split(":")[0][:-1]: v.formula1
             for v in sheet.data_validations.dataValidation}
    assert "Ordlistor" in lists["C"] and "Ordlistor" in lists["F"]  # gender, referrer
    words = {c.key: c.words for c in columns(scope)}
    assert "Kommunala aktivitetsansvaret" in words["referrer"]  # the förbund's own code
    # A row made of the first word of every list (and the free columns filled) imports.
    row = []
    for c in columns(scope):
        if c.words:
            row.append(c.words[0])
        elif c.key == "participant":
            row.append(WOMAN)
        elif c.key == "birth_year":
            row.append("1985")
        else:
            row.append({"start_date": "2022-03-01", "end_date": "2022-06-30",
                        "consent_date": "2022-03-01",
                        "followup_date": "2022-12-30"}.get(c.key, ""))
    faults = Faults()
    rows = list(read_rows(enumerate([header, row], start=1), import_context(scope), faults))
    assert faults.messages() == [] and len(rows) == 1
    assert rows[0].gender == "kvinna" and rows[0].exit_reason == "arbete"


def test_the_import_page_offers_the_template_and_lists_the_words_per_column(alfa, login):
    client = login(alfa.users["staff"])
    url = reverse("participations_import", args=["alfa"])
    page = client.get(url).content.decode()
    assert 'href="?format=xlsx"' in page
    assert "Ordinarie insats AF" in page and "Ej angett" in page
    assert "Sysselsättning vid uppföljning" in page
    assert "occupation_at_start" not in page
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(alfa.users["board"]).get(url, {"format": "xlsx"}).status_code == 403


def test_an_ended_participation_stays_in_the_list_until_the_page_is_left(alfa, login):
    participation = alfa.extra["participation"]
    client = login(alfa.users["staff"])
    edit = reverse("participation_edit", args=["alfa", "vagen-vidare", participation.pk])
    form = client.get(edit).context["form"]
    data = {name: (value if value is not None else "")
            for name, value in form.initial.items() if name in form.fields}
    data.update({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()})
    data.update({"end_date": "2022-06-30", "exit_reason": "arbete", "referrer": "kaa",
                 "municipality": alfa.members["kommun"].pk})
    response = client.post(edit, data, follow=True)
    page = response.content.decode()
    assert "avslutad 2022-06-30" in page
    assert "Deltagandet avslutades 2022-06-30" in page
    again = client.get(reverse("participation_list", args=["alfa", "vagen-vidare"]))
    assert "avslutad 2022-06-30" not in again.content.decode()
