"""The SIE preview of a signed-off year says at once that the file cannot be imported, and
why, and offers no Import button; once an administrator has opened the year it offers it."""

import datetime as dt
import io
from pathlib import Path

from django.urls import reverse

from samsyn.periods import services as periods
from samsyn.web.tests.posting import signed_in

SIE = Path(__file__).parent / "sie" / "transaktioner_ovnbolag.se"  # the books of 2011
OPEN_HERE = "Rapporterade perioder"


def _preview(world):
    upload = io.BytesIO(SIE.read_bytes())
    upload.name = "ovn.se"
    page = signed_in(world.users["office"]).post(
        reverse("sie_upload", args=[world.association.slug]), {"file": upload})
    assert page.status_code == 200
    return page.content.decode()


def test_the_preview_of_a_signed_off_year_says_so_and_offers_no_import(alfa):
    signed = periods.sign(alfa.association, alfa.users["office"], "annual-report",
                          dt.date(2011, 1, 1), dt.date(2011, 12, 31))
    page = _preview(alfa)
    assert "är avstämd som rapporterad" in page and OPEN_HERE in page
    assert ">Importera</button>" not in page
    periods.reopen(signed, alfa.users["admin"], "Rättat bokslut")
    page = _preview(alfa)
    assert "är avstämd som rapporterad" not in page and ">Importera</button>" in page


def test_the_preview_of_an_unsigned_year_offers_the_import(alfa):
    assert ">Importera</button>" in _preview(alfa)
