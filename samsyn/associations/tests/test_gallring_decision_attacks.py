"""Two people entering the board's gallring decision at once: the second is told what the
first changed, and the first's change is not lost."""

import html

from django.test import Client
from django.urls import reverse

from samsyn.associations.models import RetentionDecision
from samsyn.testing import log_in_verified


def _fields(page):
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = ("" if value is None else
                      [str(v) for v in value] if isinstance(value, list | tuple) else value)
    return data


def test_a_stale_save_of_a_gallring_decision_is_refused_and_loses_nothing(alfa):
    decision = RetentionDecision.objects.filter(association=alfa.association).first()
    url = reverse("retention_decision_edit", args=["alfa", decision.pk])
    first = log_in_verified(Client(), alfa.users["office"])
    other = log_in_verified(Client(), alfa.users["admin"])
    mine, theirs = _fields(first.get(url)), _fields(other.get(url))
    mine["reference"] = "Dnr 2024/99 § 3"
    theirs["retention_months"] = "24"
    assert first.post(url, mine).status_code == 302
    refused = other.post(url, theirs)

    assert refused.status_code == 409
    assert "Dnr 2024/99 § 3 medan du redigerade" in html.unescape(refused.content.decode())
    stored = RetentionDecision.objects.get(pk=decision.pk)
    assert (stored.reference, stored.retention_months) == (
        "Dnr 2024/99 § 3", decision.retention_months)
