"""E-mail reminders: each person chooses theirs, the roles' defaults, and the same reminder is
never sent twice."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from samsyn.associations.access import Access
from samsyn.home import reminders
from samsyn.home.models import ReminderPreference, ReminderSent
from samsyn.interventions.models import Intervention

AUTUMN = dt.date(2022, 9, 15)  # the half-year report (due 31 August) is late


@pytest.fixture
def alfa_mail(alfa):
    for role, user in alfa.users.items():
        user.email = f"{role}@alfa.example"
        user.save()
    alfa.intervention.usual_duration_days = 30
    alfa.intervention.save()
    # Staff's insats has a sister with nothing recorded in 2022.
    quiet = Intervention.objects.create(association=alfa.association, slug="tyst",
                                        name="Tyst insats", kind="individual",
                                        start=dt.date(2022, 1, 1))
    alfa.memberships["staff"].interventions.add(quiet)
    return alfa


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_each_role_gets_its_defaults_until_it_chooses(alfa):
    chosen = {role: reminders.chosen(m) for role, m in alfa.memberships.items()}
    assert chosen == {"admin": {"reports"}, "office": {"reports"}, "analyst": set(),
                      "staff": {"periods"}, "board": set()}


def test_the_board_is_offered_no_counts_and_no_surveys_to_send(alfa):
    board = Access(alfa.association, alfa.memberships["board"])
    office = Access(alfa.association, alfa.memberships["office"])
    staff = Access(alfa.association, alfa.memberships["staff"])
    assert reminders.offered(board) == ["reports", "periods"]
    assert reminders.offered(office) == ["reports", "periods", "open_participations", "surveys"]
    assert reminders.offered(staff) == ["reports", "periods", "open_participations"]


def test_the_kansli_is_reminded_of_the_late_report_and_the_staff_of_their_periods(alfa_mail):
    sent = reminders.send(AUTUMN, "https://samsyn.example.se")
    by_user = {s.membership.user.username: [i.key for i in s.items] for s in sent}
    assert by_user["alfa-office"] == ["report:half-year:2022:overdue"]
    assert by_user["alfa-admin"] == ["report:half-year:2022:overdue"]
    assert by_user["alfa-staff"] == [f"period:{Intervention.objects.get(slug='tyst').pk}:2022H1"]
    assert "alfa-board" not in by_user and "alfa-analyst" not in by_user
    # alfa keeps nothing of 2021 in Samsyn: its reports of that year are not asked for.
    assert not any("2021" in key for keys in by_user.values() for key in keys)
    (office,) = _to("office@alfa.example")
    assert office.subject == "Samsyn: att lämna i Samordningsförbundet alfa"
    assert "Halvårsrapport 2022 är försenad: den skulle ha lämnats senast 2022-08-31." in (
        office.body)
    assert "https://samsyn.example.se/f/alfa/att-lamna/?year=2022" in office.body
    assert "https://samsyn.example.se/f/alfa/paminnelser/" in office.body
    (staff,) = _to("staff@alfa.example")
    assert "Tyst insats saknar deltagare eller antal för Januari–juni 2022." in staff.body


def test_the_same_reminder_is_never_sent_twice(alfa_mail):
    reminders.send(AUTUMN)
    first = len(mail.outbox)
    assert first == 3
    assert reminders.send(AUTUMN) == []
    assert reminders.send(AUTUMN + dt.timedelta(days=1)) == []
    assert len(mail.outbox) == first
    assert ReminderSent.objects.count() == 3


def test_a_person_chooses_their_reminders_on_their_own_page(alfa_mail, login):
    client = login(alfa_mail.users["staff"])
    url = reverse("reminder_settings", args=["alfa"])
    page = client.get(url).content.decode()
    assert "Påminnelserna skickas till staff@alfa.example." in page
    assert 'name="periods"' in page and "checked" in page.split('name="periods"')[1][:80]
    assert 'name="surveys"' not in page  # staff send no surveys
    response = client.post(url, {"reports": "on", "open_participations": "on",
                                 "row_version": ""})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(membership=alfa_mail.memberships["staff"])
    assert (preference.reports, preference.periods, preference.open_participations) == (
        True, False, True)
    sent = reminders.send(AUTUMN)
    (mine,) = [s for s in sent if s.membership == alfa_mail.memberships["staff"]]
    assert sorted(i.kind for i in mine.items) == ["open_participations", "reports"]
    (message,) = _to("staff@alfa.example")
    assert "Vägen vidare har 1 öppna deltaganden långt över insatsens vanliga tid." in (
        message.body)


def test_the_board_may_choose_reminders_but_gets_no_counts(alfa_mail, login):
    client = login(alfa_mail.users["board"])
    url = reverse("reminder_settings", args=["alfa"])
    response = client.post(url, {"reports": "on", "open_participations": "on"})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(membership=alfa_mail.memberships["board"])
    assert preference.reports and not preference.open_participations
    reminders.send(AUTUMN)
    (message,) = _to("board@alfa.example")
    assert "Halvårsrapport 2022" in message.body and "öppna deltaganden" not in message.body


def test_someone_without_an_e_mail_address_is_told_so_and_gets_nothing(alfa, login):
    page = login(alfa.users["office"]).get(reverse("reminder_settings", args=["alfa"]))
    assert "Ditt konto har ingen e-postadress" in page.content.decode()
    assert reminders.send(AUTUMN) == []
    assert mail.outbox == []


def test_a_failed_mail_is_not_logged_so_the_next_run_sends_it(alfa_mail, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("the mail server is down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(OSError):
        reminders.send(AUTUMN)
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert len(reminders.send(AUTUMN)) == 3


def test_the_command_sends_lists_and_dry_runs(alfa_mail, beta):
    out = StringIO()
    call_command("send_reminders", "--today", "2022-09-15", "--dry-run", "--format", "json",
                 stdout=out)
    dry = json.loads(out.getvalue())
    assert dry["dry_run"] and len(dry["sent"]) == 3 and mail.outbox == []
    assert not ReminderSent.objects.exists()
    out = StringIO()
    call_command("send_reminders", "--today", "2022-09-15", "--association", "alfa",
                 stdout=out)
    assert out.getvalue().strip().endswith("sent 3 reminders to 3 people")
    assert len(mail.outbox) == 3


def test_the_command_refuses_a_bad_day_or_an_unknown_forbund(db):
    with pytest.raises(CommandError, match="är inget datum"):
        call_command("send_reminders", "--today", "15/9", stdout=StringIO())
    with pytest.raises(CommandError, match="Inget förbund har kortnamnet x"):
        call_command("send_reminders", "--association", "x", stdout=StringIO())
