"""No lost edit on the texts of a report and the board's decision on it: two people writing
the same document's foreword, or entering the same decision, at once. The second is told what
the first changed and nothing of the first's is lost; two people writing the first texts of
a year at once get the same, never a server error or a silent overwrite."""

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.reports.models import Decision, ReportText
from samsyn.testing import log_in_verified

KIND = "annual-report"


def _fields(page):
    form = page.context["form"]
    return {name: "" if form[name].value() is None else form[name].value()
            for name in form.fields}


def _again(page):
    data = page.context["form"].data
    return {key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"}


def _text(page):
    return html.unescape(page.content.decode()).replace("\u00a0", " ")


def _two(world):
    return (log_in_verified(Client(), world.users["office"]),
            log_in_verified(Client(), world.users["admin"]))


def _texts_url():
    return reverse("report_texts", args=["alfa", KIND]) + "?year=2022"


def _decision_url():
    return reverse("report_decision", args=["alfa", KIND]) + "?year=2022"


@pytest.fixture
def texts(alfa):
    return ReportText.objects.create(association=alfa.association, kind=KIND, year=2022,
                                     foreword="Året som gått.", analysis="Bra år.")


@pytest.fixture
def decision(alfa):
    return Decision.objects.create(association=alfa.association, kind=KIND, year=2022,
                                   decided=dt.date(2023, 3, 20), place="Haninge")


def test_a_stale_save_of_the_texts_is_refused_and_loses_nothing(alfa, texts):
    first, other = _two(alfa)
    mine, theirs = _fields(first.get(_texts_url())), _fields(other.get(_texts_url()))
    mine["foreword"] = "Ett år av samverkan."
    theirs["analysis"] = "Ett mycket bra år."
    assert first.post(_texts_url(), mine).status_code == 302
    refused = other.post(_texts_url(), theirs)

    assert refused.status_code == 409
    assert ("alfa-office ändrade Förord från Året som gått. till Ett år av samverkan. "
            "medan du redigerade") in _text(refused)
    texts.refresh_from_db()
    assert (texts.foreword, texts.analysis) == ("Ett år av samverkan.", "Bra år.")
    # Saving again keeps both: the field the second person left shows the first's text.
    assert other.post(_texts_url(), _again(refused)).status_code == 302
    texts.refresh_from_db()
    assert (texts.foreword, texts.analysis) == ("Ett år av samverkan.", "Ett mycket bra år.")


def test_two_people_writing_the_first_texts_of_a_year_at_once_lose_nothing(alfa):
    first, other = _two(alfa)
    mine, theirs = _fields(first.get(_texts_url())), _fields(other.get(_texts_url()))
    mine["foreword"] = "Första förordet."
    theirs["foreword"] = "Andra förordet."
    assert first.post(_texts_url(), mine).status_code == 302
    refused = other.post(_texts_url(), theirs)

    assert refused.status_code == 409
    assert "Din ändring är inte sparad" in _text(refused)
    assert ReportText.objects.get(association=alfa.association, kind=KIND,
                                  year=2022).foreword == "Första förordet."


def test_a_stale_save_of_the_decision_is_refused_and_loses_nothing(alfa, decision):
    first, other = _two(alfa)
    mine, theirs = _fields(first.get(_decision_url())), _fields(other.get(_decision_url()))
    mine["place"] = "Tyresö"
    theirs["signatories"] = "Ajda Asgari, ordförande"
    assert first.post(_decision_url(), mine).status_code == 302
    refused = other.post(_decision_url(), theirs)

    assert refused.status_code == 409
    assert "alfa-office ändrade Ort från Haninge till Tyresö medan du redigerade" in _text(
        refused)
    decision.refresh_from_db()
    assert decision.place == "Tyresö" and not decision.signatories.exists()
    assert other.post(_decision_url(), _again(refused)).status_code == 302
    decision.refresh_from_db()
    assert decision.place == "Tyresö"
    assert [s.name for s in decision.signatories.all()] == ["Ajda Asgari"]


def test_a_change_of_the_signatories_alone_is_a_change_the_other_is_told_of(alfa, decision):
    first, other = _two(alfa)
    mine, theirs = _fields(first.get(_decision_url())), _fields(other.get(_decision_url()))
    mine["signatories"] = "Ajda Asgari, ordförande"
    theirs["signatories"] = "Bo Berg"
    assert first.post(_decision_url(), mine).status_code == 302
    refused = other.post(_decision_url(), theirs)

    assert refused.status_code == 409
    assert "alfa-office ändrade Undertecknare" in _text(refused)
    assert [s.name for s in decision.signatories.all()] == ["Ajda Asgari"]


def test_two_people_entering_the_first_decision_at_once_get_no_server_error(alfa):
    first, other = _two(alfa)
    mine, theirs = _fields(first.get(_decision_url())), _fields(other.get(_decision_url()))
    mine.update(decided="2023-03-20", place="Haninge")
    theirs.update(decided="2023-03-21", place="Tyresö")
    assert first.post(_decision_url(), mine).status_code == 302
    refused = other.post(_decision_url(), theirs)

    assert refused.status_code == 409
    assert "Din ändring är inte sparad" in _text(refused)
    assert Decision.objects.get(association=alfa.association, kind=KIND,
                                year=2022).place == "Haninge"


def test_a_saved_decision_and_its_signatories_are_in_the_audit_log(alfa, decision):
    client = log_in_verified(Client(), alfa.users["office"])
    data = _fields(client.get(_decision_url()))
    data["signatories"] = "Ajda Asgari, ordförande\nBo Berg"
    assert client.post(_decision_url(), data).status_code == 302

    entry = AuditEntry.objects.filter(object_type="reports.Decision",
                                      object_id=str(decision.pk)).latest("pk")
    assert entry.action == "save" and entry.username == "alfa-office"
    assert '"signatories"' in entry.detail
