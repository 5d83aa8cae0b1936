"""No lost update on the edit forms test_conflicts.py does not list: two people open the same
form, each changes a field, the first saves; the second is refused with the Swedish conflict
message, what the first saved stays, and nothing of the second is written."""

import pytest
from django.urls import reverse

from samsyn.associations.models import Membership, Role
from samsyn.audit.models import AuditEntry
from samsyn.testing import make_user
from samsyn.web.tests.posting import changed, fields, signed_in, text
from samsyn.web.urlwalk import world_values

# The page, the field the first person changes, the field the second person changes.
CASES = [
    ("board_member_edit", ["board_member_id"], "name", "party"),
    ("board_meetings_edit", ["board_meetings_id"], "meetings", "meetings"),
    ("retention_decision_edit", ["decision_id"], "reference", "adopted_by"),
    ("intervention_group_edit", ["group_id"], "name", "description"),
    ("target_group_statistic_edit", ["year", "statistic_id"], "group", "source"),
    ("account_rule_edit", ["account_rule_id"], "first_account", "last_account"),
    ("object_rule_edit", ["object_rule_id"], "code", "code"),
    ("budget_history_edit", ["budget_history_id"], "text", "stated_in"),
    ("referral_edit", ["referral_id"], "count", "count"),
    ("stated_count_edit", ["stated_count_id"], "title", "title"),
    ("report_texts", ["kind_slug"], "foreword", "summary"),
]


def _two_admins(world):
    """The förbund's administrator and a second one, each in a session of their own."""
    other = make_user("alfa-admin-2")
    Membership.objects.create(user=other, association=world.association, role=Role.ADMIN)
    return signed_in(world.users["admin"]), signed_in(other)


@pytest.mark.parametrize(("name", "args", "first_field", "second_field"), CASES,
                         ids=[c[0] for c in CASES])
def test_the_second_of_two_saves_from_one_form_is_refused_and_loses_nothing(
        alfa, name, args, first_field, second_field):
    values = world_values(alfa)
    url = reverse(name, args=["alfa", *(values[a] for a in args)])
    first, second = _two_admins(alfa)
    mine, theirs = fields(first.get(url)), fields(second.get(url))
    mine[first_field] = changed(mine[first_field], 1, "A")
    theirs[second_field] = changed(theirs[second_field], 2, "B")
    saved = first.post(url, mine)
    assert saved.status_code == 302, text(saved)
    logged = AuditEntry.objects.count()

    refused = second.post(url, theirs)

    assert refused.status_code == 409
    assert "medan du redigerade" in text(refused)
    assert "Din ändring är inte sparad" in text(refused)
    stored = fields(first.get(url))
    assert stored[first_field] == mine[first_field]
    if second_field != first_field:
        assert stored[second_field] == mine[second_field]
    assert AuditEntry.objects.count() == logged


def test_two_admins_changing_one_membership_keep_the_first_change(alfa):
    url = reverse("membership_edit", args=["alfa", alfa.memberships["board"].pk])
    first, second = _two_admins(alfa)
    mine, theirs = fields(first.get(url)), fields(second.get(url))
    mine["role"] = "analyst"
    theirs["sees_finance"] = "on"
    assert first.post(url, mine).status_code == 302
    refused = second.post(url, theirs)
    assert refused.status_code == 409
    membership = type(alfa.memberships["board"]).objects.get(pk=alfa.memberships["board"].pk)
    assert membership.role == "analyst" and not membership.sees_finance
    assert "Din ändring är inte sparad" in text(refused)
