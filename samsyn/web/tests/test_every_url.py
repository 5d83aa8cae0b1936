"""Walk every page and every API URL of a förbund as an outsider, as anonymous, as each role.

What each URL needs is written down here, by hand, as actions of the policy table
(samsyn.associations.access.POLICY); the status each role should get is worked out from that
table alone. A page that forgets its check in the decorator, or an API view that forgets its
permission, therefore answers 200 where this walk expects 403, and fails.
"""

import pytest

from samsyn.associations.access import Action, allowed
from samsyn.web.urlwalk import API_PREFIX, tenant_urls, url_for, world_values

A = Action
V = A.VIEW
EDIT = (V, A.EDIT)
ADMIN = (V, A.ADMIN)
FIN = (V, A.FINANCE_READ)
FIN_EDIT = (V, A.FINANCE_EDIT)
REC = (V, A.RECORDS_READ)
REC_EDIT = (V, A.RECORDS_EDIT)

# Every page of a förbund and what it needs. A new page fails the walk until it is added.
PAGES: dict[str, tuple[Action, ...]] = {
    "association_home": (V,), "association_edit": EDIT,
    "member_list": (V,), "member_detail": (V,), "member_create": EDIT, "member_edit": EDIT,
    "member_delete": EDIT, "population_create": EDIT, "population_edit": EDIT,
    "population_delete": EDIT, "population_fetch": EDIT,
    "retention_decision_list": (V,), "retention_decision_create": EDIT,
    "retention_decision_edit": EDIT,
    "board": (V,), "board_member_create": EDIT, "board_member_edit": EDIT,
    "board_member_delete": EDIT, "board_meetings_create": EDIT, "board_meetings_edit": EDIT,
    "board_meetings_delete": EDIT,
    "membership_list": ADMIN, "membership_create": ADMIN, "membership_edit": ADMIN,
    "invitation_withdraw": ADMIN,
    "membership_delete": ADMIN,
    "target_group_list": (V,), "target_group_create": EDIT, "target_group_edit": EDIT,
    "target_group_delete": EDIT,
    "intervention_group_list": (V,), "intervention_group_create": EDIT,
    "intervention_group_edit": EDIT, "intervention_group_delete": EDIT,
    "intervention_list": (V,), "intervention_detail": (V,), "intervention_create": EDIT,
    "intervention_edit": EDIT, "intervention_delete": EDIT,
    "goal_create": EDIT, "goal_edit": EDIT, "goal_delete": EDIT,
    "plan_list": (V,), "plan_detail": (V,), "plan_create": EDIT, "plan_edit": EDIT,
    "plan_delete": EDIT, "focus_area_create": EDIT, "focus_area_edit": EDIT,
    "focus_area_delete": EDIT, "plan_goal_create": EDIT, "plan_goal_edit": EDIT,
    "plan_goal_delete": EDIT, "activity_create": EDIT, "area_activity_create": EDIT,
    "activity_edit": EDIT,
    "activity_delete": EDIT,
    "target_group_statistics": (V,), "target_group_statistic_create": EDIT,
    "target_group_statistic_edit": EDIT, "target_group_statistic_delete": EDIT,
    "finance_home": FIN, "finance_settings_edit": FIN_EDIT, "contribution_history": FIN,
    "contribution_year": FIN, "contribution_decide": FIN_EDIT, "contribution_edit": FIN_EDIT,
    "budget_overview": FIN, "budget_lines": FIN, "budget_line_create": FIN_EDIT,
    "budget_outcome": FIN, "finance_year_edit": FIN_EDIT, "budget_line_edit": FIN_EDIT,
    "budget_line_delete": FIN_EDIT, "budget_contributions": FIN_EDIT,
    "rule_list": FIN, "account_rule_create": FIN_EDIT,
    "account_rule_edit": FIN_EDIT, "account_rule_delete": FIN_EDIT,
    "object_rule_create": FIN_EDIT, "object_rule_edit": FIN_EDIT,
    "object_rule_delete": FIN_EDIT, "sie_list": FIN, "sie_upload": FIN_EDIT,
    "sie_detail": FIN, "sie_delete": FIN_EDIT, "national_model": FIN,
    "management_goals": FIN, "management_goal_create": FIN_EDIT,
    "management_goal_edit": FIN_EDIT, "management_goal_delete": FIN_EDIT,
    "budget_history": FIN, "budget_history_create": FIN_EDIT,
    "budget_history_edit": FIN_EDIT, "budget_history_delete": FIN_EDIT,
    "participants_home": (V,), "participations_import": REC_EDIT,
    "register_extract": REC_EDIT, "audit_log": (V, A.AUDIT_READ),
    "audit_search": (V, A.AUDIT_READ), "sign_in_settings": ADMIN, "brake_lift": ADMIN,
    "accessibility_reports": EDIT, "gdpr_documents": ADMIN, "gdpr_document": ADMIN,
    "referrer_list": (V,), "referrer_create": EDIT, "referrer_edit": EDIT,
    "referrer_delete": EDIT,
    "referral_list": (V, A.AGGREGATES_EXACT),
    "referral_create": (V, A.EDIT, A.AGGREGATES_EXACT),
    "referral_edit": (V, A.EDIT, A.AGGREGATES_EXACT),
    "referral_delete": (V, A.EDIT, A.AGGREGATES_EXACT),
    "stated_count_list": (V, A.AGGREGATES_EXACT),
    "stated_count_create": (V, A.EDIT, A.AGGREGATES_EXACT),
    "stated_count_edit": (V, A.EDIT, A.AGGREGATES_EXACT),
    "stated_count_delete": (V, A.EDIT, A.AGGREGATES_EXACT),
    "stated_list": (V,), "stated_create": EDIT, "stated_edit": EDIT, "stated_delete": EDIT,
    "published_snapshots": EDIT,
    "participation_list": REC, "participation_create": REC_EDIT,
    "participation_edit": REC_EDIT, "participation_delete": REC_EDIT,
    "monthly_counts": (V, A.AGGREGATES_PUBLISHED),
    "survey_home": (V, A.SURVEYS_READ), "template_load": (V, A.SURVEYS_EDIT),
    "template_detail": (V, A.SURVEYS_READ), "local_question_create": (V, A.SURVEYS_EDIT),
    "round_create": (V, A.SURVEYS_EDIT), "round_detail": (V, A.SURVEYS_READ),
    "round_invite": (V, A.SURVEYS_EDIT), "round_results": (V, A.SURVEYS_READ),
    "round_import": (V, A.SURVEYS_EDIT), "round_published": (V, A.SURVEYS_EDIT),
    "statement_rule_create": FIN_EDIT, "statement_rule_edit": FIN_EDIT,
    "statement_rule_delete": FIN_EDIT, "financial_statements_latest": FIN,
    "financial_statements": FIN,
    "period_list": (V,), "period_sign": EDIT, "period_reopen": ADMIN, "period_close": ADMIN,
    "national_publish": EDIT,
    "report_list": (V,),
    # world.url_values["kind_slug"] is "interventions", an aggregate report.
    "report_view": (V, A.REPORTS_AGGREGATE),
    "report_texts": (V, A.EDIT, A.REPORTS_AGGREGATE),
    "report_freeze": (V, A.EDIT, A.REPORTS_AGGREGATE),
    "report_decision": (V, A.EDIT, A.REPORTS_AGGREGATE),
    "report_checks": (V, A.EDIT, A.REPORTS_AGGREGATE),
    # world.url_values["document_kind"] is "annual-report"; the job is a published one.
    "report_order": (V, A.REPORTS_AGGREGATE), "document_job": (V, A.REPORTS_AGGREGATE),
    "document_job_file": (V, A.REPORTS_AGGREGATE),
    "plan_follow_up": (V,),
    "plan_copy": EDIT, "plan_goal_comments": (V,), "activity_comments": (V,),
    "due": (V,), "reminder_settings": (V,), "association_search": (V,),
    "removed_rows": EDIT, "removed_row_restore": EDIT,
}

# Every API URL of a förbund and what it needs.
API: dict[str, tuple[Action, ...]] = {
    "api_members": (V,), "api_interventions": (V,), "api_intervention": (V,),
    "api_plan": (V,), "api_budget": FIN, "api_outcome": FIN,
    "api_participations": REC,
    "api_intervention_participations": REC, "api_intervention_participation": REC,
    "api_budget_lines": FIN, "api_budget_line": FIN,
    # kind_slug "interventions" again.
    "api_report": (V, A.REPORTS_AGGREGATE),
}

ROLES = ["admin", "office", "analyst", "staff", "board"]
URLS = tenant_urls()
IDS = [u.name for u in URLS]
API_URLS = tenant_urls(API_PREFIX)
API_IDS = [u.name for u in API_URLS]


def _needs(tenant_url, table=PAGES):
    assert tenant_url.name in table, (
        f"{tenant_url.name} is not in test_every_url.py: add it with the actions it needs"
    )
    return table[tenant_url.name]


def _expected(role, needs, flags=()):
    return 200 if all(allowed(role, a, flags) for a in needs) else 403


def test_the_walk_finds_the_pages_and_the_api():
    assert {"association_home", "intervention_detail", "goal_edit", "activity_delete"} <= set(IDS)
    assert {"api_members", "api_participations", "api_report"} <= set(API_IDS)


def test_every_listed_url_exists():
    assert set(PAGES) <= set(IDS), set(PAGES) - set(IDS)
    assert set(API) <= set(API_IDS), set(API) - set(API_IDS)


def test_the_walk_covers_every_role_of_the_policy():
    from samsyn.associations.access import POLICY

    assert set(POLICY) == set(ROLES)


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_every_page_resolves_access_through_the_accessor(tenant_url):
    _needs(tenant_url)
    assert tenant_url.access_rule is not None, (
        f"{tenant_url.name} does not go through association_view"
    )


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_a_user_of_another_association_gets_404(tenant_url, alfa, beta, login):
    client = login(beta.users["admin"])
    values = world_values(alfa)
    url = url_for(tenant_url, values)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404


# Pages addressed by slug or year alone name no object of beta's: both förbund have a 2022
# plan and an insats "vagen-vidare" by design, and a GDPR document is named by a fixed slug,
# so only pages with ids are walked here.
ID_URLS = [u for u in URLS if not set(u.kwargs) <= {"association_slug", "year",
                                                     "intervention_slug", "kind_slug",
                                                     "document", "document_kind"}]


def _user_who_may_open(needs):
    """Someone whose role opens the page: the admin, or for records staff or an analyst."""
    return next(r for r in ["admin", "staff", "analyst", "office", "board"]
                if _expected(r, needs) == 200)


@pytest.mark.parametrize("tenant_url", ID_URLS, ids=[u.name for u in ID_URLS])
def test_own_slug_with_another_associations_objects_gets_404(tenant_url, alfa, beta, login):
    # alfa's own user, alfa's slug, but beta's object ids: the ids must not reach across.
    client = login(alfa.users[_user_who_may_open(_needs(tenant_url))])
    values = {**world_values(beta), "association_slug": alfa.association.slug}
    assert client.get(url_for(tenant_url, values)).status_code == 404


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_anonymous_is_sent_to_login(tenant_url, alfa, client):
    response = client.get(url_for(tenant_url, world_values(alfa)))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_each_role_gets_what_the_policy_table_allows(tenant_url, role, alfa, login):
    client = login(alfa.users[role])
    response = client.get(url_for(tenant_url, world_values(alfa)))
    assert response.status_code == _expected(role, _needs(tenant_url)), role


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_a_board_member_cannot_change_anything(tenant_url, alfa, login):
    if _expected("board", _needs(tenant_url)) == 200:
        return
    client = login(alfa.users["board"])
    response = client.post(url_for(tenant_url, world_values(alfa)), {"name": "Ändrat"})
    assert response.status_code == 403
    alfa.intervention.refresh_from_db()
    assert alfa.intervention.name == "Vägen vidare"


INTERVENTION_URLS = [u for u in URLS if "intervention_slug" in u.kwargs]


@pytest.mark.parametrize("tenant_url", INTERVENTION_URLS, ids=[u.name for u in INTERVENTION_URLS])
def test_staff_see_only_their_interventions(tenant_url, alfa, login):
    client = login(alfa.users["staff"])
    values = world_values(alfa)
    others = {**values, "intervention_slug": alfa.other_intervention.slug}
    missing = {**values, "intervention_slug": "finns-inte"}
    other_status = client.get(url_for(tenant_url, others)).status_code
    # Pages staff may not open refuse before looking anything up; either way another insats
    # answers exactly as one that does not exist.
    assert other_status == client.get(url_for(tenant_url, missing)).status_code
    expected = _expected("staff", _needs(tenant_url))
    assert other_status == (404 if expected == 200 else 403)
    own_status = client.get(url_for(tenant_url, values)).status_code
    assert own_status == expected


FINANCE_URLS = [u for u in URLS if A.FINANCE_READ in PAGES.get(u.name, ())
                or A.FINANCE_EDIT in PAGES.get(u.name, ())]


def test_the_economy_is_walked():
    assert {"budget_overview", "sie_upload", "contribution_edit"} <= {
        u.name for u in FINANCE_URLS
    }


@pytest.mark.parametrize("tenant_url", FINANCE_URLS, ids=[u.name for u in FINANCE_URLS])
def test_staff_see_the_economy_only_when_granted(tenant_url, alfa, login):
    client = login(alfa.users["staff"])
    url = url_for(tenant_url, world_values(alfa))
    assert client.get(url).status_code == 403
    membership = alfa.memberships["staff"]
    membership.sees_finance = True
    membership.save()
    assert client.get(url).status_code == _expected("staff", _needs(tenant_url),
                                                    ["sees_finance"])


# The API: the same table, the same roles, with the same objects.

@pytest.mark.parametrize("tenant_url", API_URLS, ids=API_IDS)
def test_every_api_url_is_listed(tenant_url):
    _needs(tenant_url, API)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tenant_url", API_URLS, ids=API_IDS)
def test_each_role_gets_from_the_api_what_the_policy_table_allows(tenant_url, role, alfa,
                                                                   login):
    client = login(alfa.users[role])
    response = client.get(url_for(tenant_url, world_values(alfa)))
    assert response.status_code == _expected(role, _needs(tenant_url, API)), role


@pytest.mark.parametrize("tenant_url", API_URLS, ids=API_IDS)
def test_the_api_answers_a_user_of_another_association_404(tenant_url, alfa, beta, login):
    client = login(beta.users["admin"])
    assert client.get(url_for(tenant_url, world_values(alfa))).status_code == 404


@pytest.mark.parametrize("tenant_url", API_URLS, ids=API_IDS)
def test_the_api_refuses_anonymous(tenant_url, alfa, client):
    assert client.get(url_for(tenant_url, world_values(alfa))).status_code in (401, 403)


API_INTERVENTION_URLS = [u for u in API_URLS if "intervention_slug" in u.kwargs]


@pytest.mark.parametrize("tenant_url", API_INTERVENTION_URLS,
                         ids=[u.name for u in API_INTERVENTION_URLS])
def test_the_api_shows_staff_only_their_interventions(tenant_url, alfa, login):
    client = login(alfa.users["staff"])
    values = world_values(alfa)
    others = {**values, "intervention_slug": alfa.other_intervention.slug}
    assert client.get(url_for(tenant_url, others)).status_code == 404
    assert client.get(url_for(tenant_url, values)).status_code == 200


def test_the_api_lists_staff_only_the_records_of_their_interventions(alfa, login):
    client = login(alfa.users["staff"])
    url = url_for(next(u for u in API_URLS if u.name == "api_participations"),
                  world_values(alfa))
    slugs = {row["intervention"] for row in client.get(url).json()["results"]}
    assert slugs <= {alfa.intervention.slug}


# API URLs that take writes, the method they take and what a write needs besides reading.
API_WRITES: dict[str, tuple[str, tuple[Action, ...]]] = {
    "api_intervention_participations": ("post", (A.RECORDS_EDIT,)),
    "api_intervention_participation": ("patch", (A.RECORDS_EDIT,)),
    "api_budget_lines": ("post", (A.FINANCE_EDIT,)),
    "api_budget_line": ("patch", (A.FINANCE_EDIT,)),
}


def test_every_api_write_is_a_listed_url():
    assert set(API_WRITES) <= set(API_IDS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tenant_url", API_URLS, ids=API_IDS)
def test_an_api_write_needs_the_right_to_edit_unless_the_view_names_another(tenant_url, role,
                                                                            alfa, login):
    client = login(alfa.users[role])
    url = url_for(tenant_url, world_values(alfa))
    method, write_needs = API_WRITES.get(tenant_url.name, ("post", (A.EDIT,)))
    response = getattr(client, method)(url, {}, content_type="application/json")
    if _expected(role, (*_needs(tenant_url, API), *write_needs)) == 403:
        assert response.status_code == 403
    elif tenant_url.name in API_WRITES:
        # Past the permission: the empty body is judged by the view, never refused by rights.
        assert response.status_code not in (403, 405) and response.status_code < 500
    else:
        # Past the permission: these read-only views have no write.
        assert response.status_code == 405
