"""Writes whose page has no field for the reason of a change after sign-off: the SIE import,
the contributions' split, a month's counts, the survey results (typed and imported) and the
wastebasket's restore. In a signed-off period an administrator is told to open the period
first and where, never to give a reason the page has nowhere to take; the kansli is told
that an administrator can; nothing is written; and once the administrator has opened the
period, the same write goes through, logged as a later change with the opening's reason."""

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from samsyn.associations.models import RemovedRow
from samsyn.finance.models import BudgetLine, ContributionYear, SieImport
from samsyn.participants.models import MonthlyCount
from samsyn.periods import services as periods
from samsyn.periods.models import LateChange
from samsyn.surveys.models import PublishedShares, Response
from samsyn.web.tests.posting import fields, signed_in, text

SIE = (Path(__file__).resolve().parents[2] / "finance" / "tests" / "sie"
       / "transaktioner_ovnbolag.se")
OPEN_FIRST = "öppna först perioden för ändringar under Rapporterade perioder"
ASK = "Ange ett skäl"
REFUSED = ("Ändringen nekas. En administratör kan öppna perioden för ändringar under "
           "Rapporterade perioder")
OPENED = "Rättelse efter revisionen"


def _url(world: Any, name: str, *args: Any) -> str:
    return reverse(name, args=[world.association.slug, *args])


def _sie(world: Any, client: Any) -> Any:
    data = SIE.read_bytes()
    upload = io.BytesIO(data)
    upload.name = "ovn.se"
    client.post(_url(world, "sie_upload"), {"file": upload})
    return client.post(_url(world, "sie_upload"),
                       {"sha256": hashlib.sha256(data).hexdigest(), "accept_other": "on"},
                       follow=True)


def _decide(world: Any, client: Any) -> Any:
    return client.post(_url(world, "contribution_decide", 2022),
                       {"total": "1200000", "decided": "2022-12-01"}, follow=True)


def _counts(world: Any) -> None:
    world.other_intervention.aggregate_only = True
    world.other_intervention.save()


def _count(world: Any, client: Any) -> Any:
    url = _url(world, "monthly_counts", world.other_intervention.slug) + "?month=2022-03"
    data = fields(client.get(url))
    data["new__man__af"] = "5"
    return client.post(url, data)


def _scale_code(world: Any) -> str:
    round = world.extra["survey_round"]
    return round.template.questions.filter(kind="scale").order_by("order").first().code


def _shares(world: Any, client: Any) -> Any:
    return client.post(_url(world, "round_published", world.extra["survey_round"].pk),
                       {"answered": "31", "asked": "39", f"{_scale_code(world)}__positive": "97"})


def _answers(world: Any, client: Any) -> Any:
    upload = io.StringIO(f"{_scale_code(world)}\n8\n9\n")
    upload.name = "svar.csv"
    return client.post(_url(world, "round_import", world.extra["survey_round"].pk),
                       {"file": upload, "asked": "10"})


def _removed(world: Any) -> None:
    office = signed_in(world.users["office"])
    office.post(_url(world, "budget_line_delete", world.extra["budget_line"].pk))
    assert RemovedRow.objects.filter(model="finance.BudgetLine").exists()


def _restore(world: Any, client: Any) -> Any:
    removed = RemovedRow.objects.get(model="finance.BudgetLine")
    return client.post(_url(world, "removed_row_restore", removed.pk), follow=True)


@dataclass(frozen=True)
class Write:
    year: int  # signed off, after `before`
    write: Callable[[Any, Any], Any]  # (world, signed-in client) -> the page answered
    done: Callable[[Any], bool]  # whether it was written
    before: Callable[[Any], None] = lambda world: None


WRITES = {
    "sie import": Write(2011, _sie, lambda w: SieImport.objects.filter(
        association=w.association, year=2011).exists()),
    "contribution split": Write(2022, _decide, lambda w: ContributionYear.objects.get(
        association=w.association, year=2022).total == 1_200_000),
    "monthly counts": Write(2022, _count, lambda w: MonthlyCount.objects.filter(
        intervention=w.other_intervention, month=dt.date(2022, 3, 1), kind="new",
        gender="man", referrer_category="af", count=5).exists(), _counts),
    "survey results": Write(2022, _shares, lambda w: PublishedShares.objects.filter(
        round=w.extra["survey_round"]).exists()),
    "survey answers": Write(2022, _answers, lambda w: Response.objects.filter(
        round=w.extra["survey_round"]).exists()),
    "wastebasket restore": Write(2022, _restore, lambda w: BudgetLine.objects.filter(
        pk=w.extra["budget_line"].pk).exists(), _removed),
}


def _signed(world: Any, write: Write) -> Any:
    write.before(world)
    return periods.sign(world.association, world.users["office"], "annual-report",
                        *periods.period_bounds(write.year, "year"))


@pytest.mark.parametrize("name", WRITES)
def test_an_administrator_is_told_to_open_the_period_first_and_then_it_goes_through(
        alfa, name):
    write = WRITES[name]
    period = _signed(alfa, write)
    admin = signed_in(alfa.users["admin"])

    refused = write.write(alfa, admin)

    said = text(refused)
    assert OPEN_FIRST in said, said[-3000:]
    assert ASK not in said and 'name="late_reason"' not in refused.content.decode()
    assert not write.done(alfa) and not LateChange.objects.exists()

    periods.reopen(period, alfa.users["admin"], OPENED)
    opening = LateChange.objects.get()
    write.write(alfa, admin)

    assert write.done(alfa)
    # The write is logged as a later change of its own, with the reason the period was
    # opened for.
    assert LateChange.objects.exclude(pk=opening.pk).filter(
        user=alfa.users["admin"], reason=OPENED).exists()


@pytest.mark.parametrize("name", WRITES)
def test_the_office_is_told_an_administrator_can_open_the_period(alfa, name):
    write = WRITES[name]
    _signed(alfa, write)

    refused = write.write(alfa, signed_in(alfa.users["office"]))

    said = text(refused)
    assert REFUSED in said, said[-3000:]
    assert ASK not in said and OPEN_FIRST not in said
    assert not write.done(alfa) and not LateChange.objects.exists()
