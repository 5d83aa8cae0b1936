"""The start page and the page of what is due name a tertial förbund's delårsrapport for
January–August and list its tertials (issue 27)."""

import datetime as dt

from django.urls import reverse

from samsyn.home.tests.test_due import on_day


def test_a_tertial_forbund_sees_its_january_to_august_report_and_its_tertials(alfa, login):
    alfa.association.published_periods = "tertial"
    alfa.association.save()
    client = login(alfa.users["office"])
    board = client.get(reverse("association_home", args=["alfa"])).context["board"]
    assert board.due[0].title == "Delårsrapport januari–augusti 2022"
    with on_day(dt.date(2023, 2, 1)):
        page = client.get(reverse("due", args=["alfa"]), {"year": 2022}).content.decode()
    assert "Delårsrapport januari–augusti 2022" in page
    assert page.index("T1 jan–apr 2022") < page.index("jan–aug 2022") < page.index(
        "Helåret 2022")
