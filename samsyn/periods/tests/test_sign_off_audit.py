"""Signing a period off, opening it for changes and closing it again are written to the audit
log with who, when and which period, as every other write is."""

import datetime as dt
import json

from django.urls import reverse
from django.utils import translation

from samsyn.audit.models import AuditEntry
from samsyn.audit.services import verify
from samsyn.periods import services
from samsyn.periods.models import SignedPeriod


def entries(action, after=0):
    return list(AuditEntry.objects.filter(action=action, pk__gt=after).order_by("pk"))


def test_sign_off_reopen_and_close_through_the_pages_are_each_logged_once(alfa, login):
    slug = alfa.association.slug
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    office = login(alfa.users["office"])
    response = office.post(reverse("period_sign", args=[slug]),
                           {"kind": "annual-report", "year": 2022, "half": "year"})
    assert response.status_code == 302
    period = SignedPeriod.objects.get(association=alfa.association, kind="annual-report",
                                      start=dt.date(2022, 1, 1))
    [signed] = entries("sign_off", before)
    assert signed.username == alfa.users["office"].get_username()
    assert signed.association_id == alfa.association.pk
    assert signed.object_id == str(period.pk)
    detail = json.loads(signed.detail)
    assert detail["start"] == "2022-01-01" and detail["end"] == "2022-12-31"

    # Signing the same period again changes nothing and logs nothing.
    office.post(reverse("period_sign", args=[slug]),
                {"kind": "annual-report", "year": 2022, "half": "year"})
    assert len(entries("sign_off", before)) == 1

    admin = login(alfa.users["admin"])
    admin.post(reverse("period_reopen", args=[slug, period.pk]),
               {"reason": "Rättelse av ett slutdatum"})
    [opened] = entries("reopen", before)
    assert opened.username == alfa.users["admin"].get_username()
    assert json.loads(opened.detail)["reason"] == "Rättelse av ett slutdatum"

    admin.post(reverse("period_close", args=[slug, period.pk]))
    [closed] = entries("close_reopened", before)
    assert closed.username == alfa.users["admin"].get_username()
    assert SignedPeriod.objects.get(pk=period.pk).reopened_until is None
    count, broken = verify()
    assert broken is None and count >= 3


def test_the_log_names_the_sign_off_in_swedish(alfa):
    services.sign(alfa.association, alfa.users["office"], "annual-report",
                  dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    entry = entries("sign_off")[-1]
    with translation.override("sv"):
        assert entry.action_label == "signerade av en rapporterad period"
