"""Malformed and hostile API requests, as a key of each role, answer a JSON error, never 500.

The inputs are those the red-team fuzz (docs/security.md) found to crash a view, or that a
database stricter than SQLite refuses; each is sent once, so the module runs in seconds.
"""

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
