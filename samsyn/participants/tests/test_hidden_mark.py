"""A published participants report marks every hidden cell "x", whatever it hides: never "<5"
on a count that is not under 5, and a zero hidden to protect another is an "x" too."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from samsyn.participants.tests.attack import worlds

pytestmark = pytest.mark.django_db


def _cells(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _cells(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _cells(inner)
    else:
        yield value


def test_every_hidden_cell_of_a_published_report_is_an_x(alfa, login, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))
    made = worlds.generate(alfa, seed=4, insatser=3)
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    board = json.loads(login(alfa.users["board"]).get(
        url, {"year": 2022, "format": "json"}).content)
    office = json.loads(login(alfa.users["office"]).get(
        url, {"year": 2022, "format": "json"}).content)
    marks = {c for c in _cells(board) if isinstance(c, str)} - {
        c for c in _cells(office) if isinstance(c, str)}
    assert marks == {"x"}
    hidden = {}
    for mine, exact in zip(board["interventions"], office["interventions"], strict=True):
        for key in ("new", "active", "exited", "exits_by_reason", "new_by_referrer"):
            for code, shown in mine[key].items():
                if shown == "x":
                    hidden[(mine["intervention"], key, code)] = exact[key][code]
    # Hidden are small counts, larger ones that protect them, and zeros among them alike.
    assert any(0 < v < 5 for v in hidden.values())
    assert any(v >= 5 for v in hidden.values()) or any(v == 0 for v in hidden.values())
    assert made
    page = login(alfa.users["board"]).get(url, {"year": 2022}).content.decode()
    assert "x = dold för att skydda enskilda" in page and "&lt;5" not in page
