"""A participation is written one way: the form, the API and the import give the same row
and the same audit entry for the same input."""

import io
import json

from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.associations.access import Scope
from samsyn.audit.models import AuditEntry
from samsyn.participants import importing
from samsyn.participants.models import Participation
from samsyn.testing import log_in_verified

# One participation, as each channel takes it (the form by the referrer's code, the API and
# the file by its name; the kommun by its id on the form, by name elsewhere).
ROW = {"gender": "kvinna", "birth_year": "1994", "start_date": "2023-02-01",
       "support_at_start": "forsorjningsstod", "support_time": "1-3", "end_date": "2023-09-30",
       "exit_reason": "arbete"}
COMPARED = ("intervention_id", "gender", "birth_year", "municipality_id", "referrer",
            "referrer_category", "start_date", "support_at_start", "support_time",
            "end_date", "exit_reason", "occupation_at_start", "consent_date", "version")


def _by_form(world, person):
    client = log_in_verified(Client(), world.users["staff"])
    url = reverse("participation_create", args=["alfa", world.intervention.slug])
    response = client.post(url, {**ROW, "participant_id": person, "referrer": "kaa",
                                 "municipality": world.members["kommun"].pk})
    assert response.status_code == 302, response.content.decode()


def _by_api(world, person):
    _token, key = ApiToken.issue(world.users["staff"], "test")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api_intervention_participations", args=["alfa", world.intervention.slug])
    body = {**ROW, "birth_year": 1994, "participant": person,
            "referrer": "Kommunala aktivitetsansvaret", "municipality": "Alfa kommun"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content.decode()


def _by_import(world, person):
    header = ("intervention,participant,gender,birth_year,municipality,referrer,start_date,"
              "support_at_start,support_time,end_date,exit_reason")
    line = (f"vagen-vidare,{person},kvinna,1994,Alfa kommun,Kommunala aktivitetsansvaret,"
            "2023-02-01,forsorjningsstod,1-3,2023-09-30,arbete")
    summary = importing.import_file(Scope.system(world.association), io.BytesIO(
        f"{header}\n{line}\n".encode()), "d.csv", apply=True, user=world.users["staff"])
    assert summary.applied and summary.create == 1, summary.errors


def test_the_form_the_api_and_the_import_write_the_same_row_and_log_it_alike(alfa):
    rows, entries = [], []
    for write, person in ((_by_form, "LOK-1"), (_by_api, "LOK-2"), (_by_import, "LOK-3")):
        before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        write(alfa, person)
        made = Participation.objects.filter(intervention=alfa.intervention,
                                            start_date="2023-02-01").order_by("-pk").first()
        rows.append({name: getattr(made, name) for name in COMPARED})
        written = list(AuditEntry.objects.filter(pk__gt=before, category="record"))
        assert len(written) == 1, [(e.action, e.detail) for e in written]
        entries.append(written[0])
    assert rows[0] == rows[1] == rows[2]
    assert rows[0]["referrer_category"] == "kommun" and rows[0]["version"] == 0
    shapes = {(e.category, e.action, e.username, e.association_id, e.intervention_id, e.rows)
              for e in entries}
    assert shapes == {("record", "save", "alfa-staff", alfa.association.pk,
                       alfa.intervention.pk, 1)}
    # Each names its channel; the form and the API name the row too (the import writes
    # rows set-based, by the thousand, and logs them by the insats).
    assert [json.loads(e.detail)["via"] for e in entries] == ["form", "api", "import"]
    assert [e.object_type for e in entries] == ["participants.Participation"] * 2 + [""]
