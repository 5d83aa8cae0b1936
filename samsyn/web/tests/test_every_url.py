"""Walk every page of a förbund as an outsider, as anonymous, and as each role."""

import pytest

from samsyn.web.urlwalk import tenant_urls, url_for, world_values

URLS = tenant_urls()
IDS = [u.name for u in URLS]


def test_the_walk_finds_the_pages():
    names = set(IDS)
    assert {"association_home", "intervention_detail", "goal_edit", "activity_delete"} <= names


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_every_page_resolves_access_through_the_accessor(tenant_url):
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
# plan and an insats "vagen-vidare" by design, so only pages with ids are walked here.
ID_URLS = [u for u in URLS if not set(u.kwargs) <= {"association_slug", "year",
                                                     "intervention_slug", "kind_slug"}]


def _user_who_may_open(rule):
    """Admin for most pages; participant records only open to their staff or analysts."""
    if rule.get("records") == "edit":
        return "staff"
    if rule.get("records") == "read":
        return "analyst"
    return "admin"


@pytest.mark.parametrize("tenant_url", ID_URLS, ids=[u.name for u in ID_URLS])
def test_own_slug_with_another_associations_objects_gets_404(tenant_url, alfa, beta, login):
    # alfa's own user, alfa's slug, but beta's object ids: the ids must not reach across.
    client = login(alfa.users[_user_who_may_open(tenant_url.access_rule)])
    values = {**world_values(beta), "association_slug": alfa.association.slug}
    assert client.get(url_for(tenant_url, values)).status_code == 404


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_anonymous_is_sent_to_login(tenant_url, alfa, client):
    response = client.get(url_for(tenant_url, world_values(alfa)))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def _expected_status(role, rule):
    if rule.get("records") == "edit":
        return 200 if role == "staff" else 403
    if rule.get("records") == "read":
        return 200 if role in {"staff", "analyst"} else 403
    if rule["admin"]:
        return 200 if role == "admin" else 403
    if rule["edit"]:
        return 200 if role in {"admin", "office"} else 403
    return 200


@pytest.mark.parametrize("role", ["admin", "office", "analyst", "board"])
@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_each_role_gets_what_its_role_allows(tenant_url, role, alfa, login):
    client = login(alfa.users[role])
    response = client.get(url_for(tenant_url, world_values(alfa)))
    assert response.status_code == _expected_status(role, tenant_url.access_rule)


@pytest.mark.parametrize("tenant_url", URLS, ids=IDS)
def test_a_board_member_cannot_change_anything(tenant_url, alfa, login):
    if not (tenant_url.access_rule["edit"] or tenant_url.access_rule["admin"]):
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
    # Staff may change nothing of the plan, so edit pages refuse before looking anything up;
    # either way another insats answers exactly as one that does not exist.
    assert other_status == client.get(url_for(tenant_url, missing)).status_code
    assert other_status == (403 if tenant_url.access_rule["edit"] else 404)
    own_status = client.get(url_for(tenant_url, values)).status_code
    assert own_status == _expected_status("staff", tenant_url.access_rule)


FINANCE_URLS = [u for u in URLS if u.access_rule and u.access_rule.get("finance")]


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
    expected = 403 if tenant_url.access_rule["edit"] else 200
    assert client.get(url).status_code == expected
