"""Malformed and hostile API requests, as a key of each role, answer a JSON error, never 500.

The inputs are those the red-team fuzz (docs/security.md) found to crash a view, or that a
database stricter than SQLite refuses; each is sent once, so the module runs in seconds.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetLine
from samsyn.participants.models import Participation

# Deeper than Python's recursion limit: the JSON decoder itself gives up.
DEEP = b'{"a":' * 5000 + b"1" + b"}" * 5000


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def keyed(user):
    _token, key = ApiToken.issue(user, "test", second_factor=True)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _writes(world):
    slug, insats = world.association.slug, world.intervention.slug
    participation = world.extra["participation"].pk
    line = BudgetLine.objects.filter(association=world.association).first()
    return [
        ("post", reverse("api_intervention_participations", args=[slug, insats])),
        ("patch", reverse("api_intervention_participation", args=[slug, insats, participation])),
        ("post", reverse("api_budget_lines", args=[slug])),
        ("patch", reverse("api_budget_line", args=[slug, line.pk])),
    ]


@pytest.mark.parametrize("role", ["staff", "office", "admin"])
def test_json_nested_too_deep_to_read_is_a_400_that_writes_nothing(role, alfa):
    client = keyed(alfa.users[role])
    before = (Participation.objects.count(), BudgetLine.objects.count(),
              AuditEntry.objects.count())
    for method, url in _writes(alfa):
        response = getattr(client, method)(url, DEEP, content_type="application/json")
        assert response.status_code in (400, 403), (method, url, response.status_code)
        assert response.json()["code"] in ("parse_error", "permission_denied")
    assert (Participation.objects.count(), BudgetLine.objects.count(),
            AuditEntry.objects.count()) == before


# A choice field's error repeats the value sent: JSON's \ud800 escape gave a lone surrogate,
# which the JSON renderer could not encode, so the 400 became a 500 (found by redteam7).
SURROGATE_CHOICES = [("staff", 0, "gender"), ("staff", 1, "exit_reason"),
                     ("staff", 0, "support_at_start"), ("staff", 1, "followup_occupation"),
                     ("office", 2, "scenario"), ("office", 3, "category")]


@pytest.mark.parametrize("value", ["\ud800", "a\udcffb"], ids=["high", "low"])
@pytest.mark.parametrize(("role", "which", "field"), SURROGATE_CHOICES,
                         ids=[f"{r}-{f}" for r, _w, f in SURROGATE_CHOICES])
def test_a_lone_surrogate_in_a_choice_is_a_400_naming_the_field(alfa, role, which, field,
                                                                value):
    method, url = _writes(alfa)[which]
    good = ({"participant": "API-1", "gender": "kvinna", "birth_year": 1990, "referrer": "af",
             "start_date": "2022-03-01"} if which < 2 else
            {"year": 2022, "scenario": "budget", "category": "office_staff", "amount": "1"})
    before = (Participation.objects.count(), BudgetLine.objects.count())
    # json.dumps sends the surrogate as the escape "\ud800", as any client would.
    response = getattr(keyed(alfa.users[role]), method)(url, json.dumps({**good, field: value}),
                                                        content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert (Participation.objects.count(), BudgetLine.objects.count()) == before
