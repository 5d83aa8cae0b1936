"""A case system keeps a register through the API alone; the office its budget lines."""

import datetime as dt

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from samsyn.api.models import ApiToken
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetLine
from samsyn.participants.models import Participant, Participation
from samsyn.periods import services as periods
from samsyn.wsgi import application

D = dt.date
BODY = {"participant": "abc123", "gender": "kvinna", "birth_year": 1994,
        "referrer": "Försäkringskassan", "start_date": "2023-02-01",
        "support_at_start": "forsorjningsstod", "occupation_at_start": "ingen"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def keyed(user):
    # As made on the keys page after the second factor.
    _token, key = ApiToken.issue(user, "test", second_factor=True)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def records_url(world):
    return reverse("api_intervention_participations", args=["alfa", world.intervention.slug])


def test_the_upsert_creates_then_changes_nothing_then_updates(alfa):
    client = keyed(alfa.users["staff"])
    created = client.post(records_url(alfa), BODY, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["referrer_category"] == "fk"
    assert "abc123" not in created.content.decode()
    again = client.post(records_url(alfa), BODY, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    ended = client.post(records_url(alfa), {**BODY, "end_date": "2023-09-30",
                                            "exit_reason": "arbete",
                                            "occupation_at_exit": "arbete",
                                            "support_at_exit": "lon"},
                        content_type="application/json")
    assert ended.status_code == 200
    p = Participation.objects.get(pk=created.json()["id"])
    assert (p.end_date, p.occupation_at_exit, p.support_at_exit) == (
        D(2023, 9, 30), "arbete", "lon")
    assert Participation.objects.filter(intervention=alfa.intervention).count() == 2
    # The same body again wrote nothing and logged nothing: one save to create, one to end.
    assert list(AuditEntry.objects.filter(action="save", category="record")
                .values_list("rows", flat=True)) == [1, 1]
    assert not Participant.objects.filter(pseudonym__icontains="abc123").exists()


def test_a_patch_ends_a_participation_with_the_models_rules(alfa):
    client = keyed(alfa.users["staff"])
    p = alfa.extra["participation"]
    url = reverse("api_intervention_participation", args=["alfa", alfa.intervention.slug, p.pk])
    refused = client.patch(url, {"end_date": "2023-01-31"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid" and "exit_reason" in refused.json()["fields"]
    ok = client.patch(url, {"end_date": "2023-01-31", "exit_reason": "studier",
                            "followup_date": "2023-07-31", "followup_occupation": "studier"},
                      content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["followup_occupation"] == "studier"


def test_only_the_insats_staff_write_participations(alfa):
    for role in ("admin", "office", "analyst", "board"):
        response = keyed(alfa.users[role]).post(records_url(alfa), BODY,
                                               content_type="application/json")
        assert response.status_code == 403, role
    other = reverse("api_intervention_participations",
                    args=["alfa", alfa.other_intervention.slug])
    assert keyed(alfa.users["staff"]).post(other, BODY,
                                           content_type="application/json").status_code == 404
    assert not Participation.objects.filter(start_date=D(2023, 2, 1)).exists()


def test_faults_are_named_without_repeating_the_personnummer(alfa):
    client = keyed(alfa.users["staff"])
    bad = client.post(records_url(alfa), {**BODY, "participant": "19811218-9875",
                                          "referrer": "xx", "birth_year": 1800},
                      content_type="application/json")
    assert bad.status_code == 400
    assert "9875" not in bad.content.decode()
    assert set(bad.json()["fields"]) == {"birth_year"}
    bad = client.post(records_url(alfa), {**BODY, "participant": "19811218-9875"},
                      content_type="application/json")
    assert bad.status_code == 400 and "9875" not in bad.content.decode()
    assert "personnummer" in bad.json()["fields"]["participant"][0]


def test_a_placeholder_number_is_refused_and_says_how_to_register_the_person(alfa):
    client = keyed(alfa.users["staff"])
    before = Participation.objects.count()
    bad = client.post(records_url(alfa), {**BODY, "participant": "19800101-T123"},
                      content_type="application/json")
    assert bad.status_code == 400 and "T123" not in bad.content.decode()
    assert "SKYDD-0001" in bad.json()["fields"]["participant"][0]
    assert Participation.objects.count() == before


def test_a_write_into_a_signed_off_period_is_refused_with_409(alfa):
    periods.sign(alfa.association, alfa.users["office"], "half-year", D(2023, 1, 1),
                 D(2023, 6, 30))
    response = keyed(alfa.users["staff"]).post(records_url(alfa), BODY,
                                               content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "period_locked"
    assert "2023-01-01" in response.json()["message"]
    assert not Participation.objects.filter(start_date=D(2023, 2, 1)).exists()


def test_the_office_writes_budget_lines_and_an_admin_may_change_a_signed_year(alfa):
    url = reverse("api_budget_lines", args=["alfa"])
    line = {"year": 2024, "scenario": "budget", "category": "individual",
            "intervention": alfa.intervention.slug, "amount": "125000.00"}
    assert keyed(alfa.users["staff"]).post(url, line,
                                           content_type="application/json").status_code == 403
    assert keyed(alfa.users["board"]).post(url, line,
                                           content_type="application/json").status_code == 403
    created = keyed(alfa.users["office"]).post(url, line, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert AuditEntry.objects.filter(object_type="finance.BudgetLine", object_id=str(pk),
                                     action="save").count() == 1
    wrong = keyed(alfa.users["office"]).post(url, {**line, "category": "board"},
                                             content_type="application/json")
    assert wrong.status_code == 400 and "intervention" in wrong.json()["fields"]
    periods.sign(alfa.association, alfa.users["office"], "annual-report", D(2024, 1, 1),
                 D(2024, 12, 31))
    one = reverse("api_budget_line", args=["alfa", pk])
    change = {"amount": "130000.00"}
    assert keyed(alfa.users["office"]).patch(one, change,
                                             content_type="application/json").status_code == 409
    admin = keyed(alfa.users["admin"])
    assert admin.patch(one, change, content_type="application/json").status_code == 409
    done = admin.patch(one, {**change, "reason": "Beslut i styrelsen"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["amount"] == "130000.00"
    assert admin.delete(one).status_code == 409
    assert admin.delete(one + "?reason=Dubblett").status_code == 204
    assert not BudgetLine.objects.filter(pk=pk).exists()
    signed = alfa.association.signed_periods.get(kind="annual-report")
    assert {"Beslut i styrelsen", "Dubblett"} <= set(
        signed.late_changes.values_list("reason", flat=True))


def test_the_schema_documents_the_writes(db):
    paths = Client().get(reverse("api_schema"), {"format": "json"}).json()["paths"]
    records = paths["/api/v1/f/{association_slug}/insatser/{intervention_slug}/deltagande/"]
    assert "post" in records and "409" in records["post"]["responses"]
    assert "patch" in paths["/api/v1/f/{association_slug}/budget/rader/{line_id}/"]


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
writes = schema.include(path_regex=r"/(deltagande|budget/rader)/")


@pytest.fixture(params=["staff", "office"])
def writer_key(request, alfa):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    _token, key = ApiToken.issue(alfa.users[request.param], "schemathesis", second_factor=True)
    yield key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@writes.parametrize()
@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
@override_settings(SAMSYN_API_RATES={"anon": "100000/min", "user": "100000/min"})
def test_the_write_endpoints_keep_their_schema_for_the_writers(case, writer_key):
    if "association_slug" in (case.path_parameters or {}):
        case.path_parameters["association_slug"] = "alfa"
    if "intervention_slug" in (case.path_parameters or {}):
        case.path_parameters["intervention_slug"] = "vagen-vidare"
    # A body the schema allows may still be refused by a rule OpenAPI cannot say (a
    # personnummer's check digit, an end needing an exit reason, a follow-up after the end):
    # those 400s are right, so only that check is left out; no 5xx and every response as
    # documented still hold.
    case.call_and_validate(headers={"Authorization": f"Token {writer_key}"},
                           excluded_checks=[positive_data_acceptance])


# No lost update


def _participation_url(world):
    return reverse("api_intervention_participation",
                   args=["alfa", world.intervention.slug, world.extra["participation"].pk])


def test_a_stale_patch_of_a_participation_is_refused_naming_what_changed(alfa):
    staff = keyed(alfa.users["staff"])
    url = _participation_url(alfa)
    read = staff.get(url)
    assert read.json()["version"] == 0 and read["ETag"] == '"0"'
    first = staff.patch(url, {"birth_year": 1991, "version": 0},
                        content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = staff.patch(url, {"support_time": "3-5", "version": 0},
                        content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict" and body["version"] == 1
    assert body["changed"] == [{"field": "birth_year", "by": "alfa-staff"}]
    assert "ändrats av någon annan" in body["message"]
    kept = Participation.objects.get(pk=alfa.extra["participation"].pk)
    assert (kept.birth_year, kept.support_time, kept.version) == (1991, "1-3", 1)


def test_if_match_carries_the_version_and_a_stale_etag_is_refused(alfa):
    staff = keyed(alfa.users["staff"])
    url = _participation_url(alfa)
    etag = staff.get(url)["ETag"]
    assert staff.patch(url, {"support_time": "3-5"}, content_type="application/json",
                       HTTP_IF_MATCH=etag).status_code == 200
    stale = staff.patch(url, {"support_time": "5-9"}, content_type="application/json",
                        HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert stale.json()["changed"] == [{"field": "support_time", "by": "alfa-staff"}]
    assert Participation.objects.get(pk=alfa.extra["participation"].pk).support_time == "3-5"


def test_a_stale_patch_or_delete_of_a_budget_line_is_refused(alfa):
    office = keyed(alfa.users["office"])
    admin = keyed(alfa.users["admin"])
    line = alfa.extra["budget_line"]
    url = reverse("api_budget_line", args=["alfa", line.pk])
    etag = office.get(url)["ETag"]
    assert admin.patch(url, {"amount": "610000.00"}, content_type="application/json",
                       HTTP_IF_MATCH=etag).status_code == 200
    stale = office.patch(url, {"label": "Individinsatser"}, content_type="application/json",
                         HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert stale.json()["changed"] == [{"field": "amount", "by": "alfa-admin"}]
    assert office.delete(url, HTTP_IF_MATCH=etag).status_code == 409
    line.refresh_from_db()
    assert (line.amount, line.label, line.version) == (610000, "", 1)
    assert office.delete(url, HTTP_IF_MATCH='"1"').status_code == 204


def test_a_page_opened_before_an_api_write_is_refused(alfa, login):
    """The form and the API keep one version: neither saves over the other."""
    page = login(alfa.users["staff"])
    edit = reverse("participation_edit", args=["alfa", alfa.intervention.slug,
                                               alfa.extra["participation"].pk])
    form = page.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items()}
    assert keyed(alfa.users["staff"]).patch(
        _participation_url(alfa), {"end_date": "2022-06-30", "exit_reason": "arbete"},
        content_type="application/json").status_code == 200
    data["birth_year"] = "1989"
    refused = page.post(edit, data)
    assert refused.status_code == 409
    assert "ändrade Slut från (tomt) till 2022-06-30 medan du redigerade" in \
        refused.content.decode()
    kept = Participation.objects.get(pk=alfa.extra["participation"].pk)
    assert (kept.end_date, kept.birth_year) == (D(2022, 6, 30), 1990)
