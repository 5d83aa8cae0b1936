"""The books of a signed-off year are what its annual report printed: a new SIE file of that
year, or the removal of the one imported, is refused in Swedish and writes nothing."""

import dataclasses
import datetime as dt
import html
from pathlib import Path

import pytest
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.finance import sie_import
from samsyn.finance.models import AccountBalance, OutcomeAmount, SieImport
from samsyn.periods import services as periods
from samsyn.periods.models import LateChange

SIE = Path(__file__).parent / "sie" / "Sie4.se"
REFUSED = "är avstämd som rapporterad"
D = dt.date


@pytest.fixture
def signed(alfa):
    return periods.sign(alfa.association, alfa.users["office"], "annual-report",
                        D(2022, 1, 1), D(2022, 12, 31))


def _books():
    return (sorted(SieImport.objects.values_list("pk", "year", "filename")),
            OutcomeAmount.objects.count(), AccountBalance.objects.count(),
            AuditEntry.objects.filter(action="sie_import").count())


def _preview_of_2022(alfa):
    # Sie4.se holds 2014; the same books read as 2022's (the check looks at the year only).
    preview = sie_import.read(alfa.association, SIE.read_bytes(), "Sie4.se")
    return dataclasses.replace(preview, year=2022, start=D(2022, 1, 1), end=D(2022, 12, 31))


def test_a_sie_file_of_a_signed_off_year_is_refused_and_replaces_nothing(alfa, signed):
    before = _books()
    with pytest.raises(sie_import.SieImportError) as refused:
        sie_import.store(alfa.association, _preview_of_2022(alfa),
                         user=alfa.users["office"], accept_unbalanced=True, accept_other=True)
    assert REFUSED in str(refused.value) and "2022-01-01–2022-12-31" in str(refused.value)
    assert _books() == before
    assert SieImport.objects.filter(association=alfa.association, year=2022).exists()


def test_an_opened_year_takes_the_file_logged_as_a_later_change(alfa, signed):
    periods.reopen(signed, alfa.users["admin"], "Rättat bokslut")
    sie_import.store(alfa.association, _preview_of_2022(alfa), user=alfa.users["office"],
                     accept_unbalanced=True, accept_other=True)
    assert SieImport.objects.get(association=alfa.association, year=2022).filename == "Sie4.se"
    assert LateChange.objects.filter(period=signed, what__startswith="SIE: ").exists()


def test_a_file_of_an_unsigned_year_still_replaces_the_earlier_one(alfa):
    sie_import.store(alfa.association, _preview_of_2022(alfa), user=alfa.users["office"],
                     accept_unbalanced=True, accept_other=True)
    assert SieImport.objects.get(association=alfa.association, year=2022).filename == "Sie4.se"


def test_removing_the_books_of_a_signed_off_year_is_refused_on_the_page(alfa, login, signed):
    imported = SieImport.objects.get(association=alfa.association, year=2022)
    before = _books()
    response = login(alfa.users["office"]).post(
        reverse("sie_delete", args=[alfa.association.slug, imported.pk]), follow=True)
    assert REFUSED in html.unescape(response.content.decode())
    assert _books() == before
