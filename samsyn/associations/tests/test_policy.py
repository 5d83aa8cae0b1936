"""The policy table: the rules the rest of the code (pages, reports, API) asks."""

from samsyn.associations.access import POLICY, SECOND_FACTOR_ROLES, Action, allowed
from samsyn.associations.models import Role
from samsyn.reports.registry import all_kinds


def test_participant_records_are_read_by_staff_and_analysts_only():
    assert {r for r in POLICY if allowed(r, Action.RECORDS_READ)} == {Role.STAFF, Role.ANALYST}
    assert {r for r in POLICY if allowed(r, Action.RECORDS_EDIT)} == {Role.STAFF}


def test_only_the_admin_manages_people_and_reads_the_audit_log():
    assert {r for r in POLICY if allowed(r, Action.ADMIN)} == {Role.ADMIN}
    assert {r for r in POLICY if allowed(r, Action.AUDIT_READ)} == {Role.ADMIN}


def test_exact_counts_stay_in_the_office():
    assert {r for r in POLICY if allowed(r, Action.AGGREGATES_EXACT)} == {
        Role.ADMIN, Role.OFFICE, Role.ANALYST}


def test_staff_see_the_economy_only_through_the_grant():
    assert not allowed(Role.STAFF, Action.FINANCE_READ)
    assert allowed(Role.STAFF, Action.FINANCE_READ, ["sees_finance"])
    assert not allowed(Role.STAFF, Action.FINANCE_EDIT, ["sees_finance"])
    assert not allowed(Role.BOARD, Action.EDIT, ["sees_finance"])


def test_every_role_may_view_and_only_roles_of_the_table_may_anything():
    assert all(allowed(r, Action.VIEW) for r in Role.values)
    assert not any(allowed("stranger", a) for a in Action)


def test_a_second_factor_is_required_of_admin_office_and_analyst():
    assert {Role.ADMIN, Role.OFFICE, Role.ANALYST} == SECOND_FACTOR_ROLES


def test_every_report_kind_needs_a_right_of_the_table():
    kinds = {k.slug: k.action for k in all_kinds()}
    assert kinds["participants"] == Action.REPORTS_PARTICIPANTS
    assert kinds["budget"] == Action.REPORTS_FINANCE
    assert kinds["interventions"] == Action.REPORTS_AGGREGATE
    assert set(kinds.values()) <= set(Action)


def test_report_kinds_follow_the_table_for_each_membership(alfa):
    from samsyn.associations.access import Access

    staff = Access(alfa.association, alfa.memberships["staff"])
    readable = {k.slug for k in all_kinds() if k.readable_by(staff)}
    assert readable == {"participants"}
    alfa.memberships["staff"].sees_finance = True
    assert {k.slug for k in all_kinds() if k.readable_by(staff)} == {
        "participants", "budget", "budget-outcome", "contributions"}
