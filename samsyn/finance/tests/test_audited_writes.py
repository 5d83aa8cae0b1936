"""Writes of economic data outside the edit forms are logged too: SIE imports and decisions."""

import datetime as dt
from pathlib import Path

from samsyn.associations.models import Population
from samsyn.audit.models import AuditEntry, Category
from samsyn.audit.services import verify
from samsyn.finance import sie_import
from samsyn.finance.contributions import decide, split_for
from samsyn.finance.models import ContributionYear

SIE = Path(__file__).parent / "sie" / "Sie4.se"


def test_a_decision_on_the_contributions_is_logged_with_who_and_what(alfa):
    Population.objects.create(member=alfa.members["kommun"], date=dt.date(2022, 11, 1),
                              count=96_000)
    user = alfa.users["office"]
    split = split_for(alfa.association, 2023, 1_200_000)
    year = decide(alfa.association, split, dt.date(2022, 11, 24), user=user)
    entry = AuditEntry.objects.get(action="contributions_decided")
    assert (entry.category, entry.user_id, entry.association_id) == (
        Category.DATA, user.pk, alfa.association.pk)
    assert entry.object_id == str(year.pk) and '"total": "1200000"' in entry.detail
    assert verify()[1] is None


def test_a_sie_import_is_logged_with_the_file_and_its_rows(alfa):
    user = alfa.users["office"]
    preview = sie_import.read(alfa.association, SIE.read_bytes(), "Sie4.se")
    stored = sie_import.store(alfa.association, preview, user=user, accept_unbalanced=True,
                                accept_other=True)
    entry = AuditEntry.objects.get(action="sie_import")
    assert entry.user_id == user.pk and entry.object_id == str(stored.pk)
    assert entry.rows == len(preview.booked) and preview.sha256 in entry.detail
    assert '"replaced_earlier": false' in entry.detail
    sie_import.store(alfa.association, preview, user=user, accept_unbalanced=True,
                     accept_other=True)
    assert AuditEntry.objects.filter(action="sie_import").count() == 2
    assert '"replaced_earlier": true' in AuditEntry.objects.filter(
        action="sie_import").latest("pk").detail


def test_the_decide_page_logs_the_decision_through_the_service(alfa, login):
    from django.urls import reverse

    Population.objects.create(member=alfa.members["kommun"], date=dt.date(2022, 11, 1),
                              count=96_000)
    client = login(alfa.users["office"])
    client.post(reverse("contribution_decide", args=[alfa.association.slug, 2023]),
                {"total": "1200000", "decided": "2022-11-24"})
    assert ContributionYear.objects.filter(association=alfa.association, year=2023).exists()
    entry = AuditEntry.objects.get(action="contributions_decided")
    assert entry.username == alfa.users["office"].username and entry.address
