"""The GDPR documents are written from the förbund's own records and settings, for its admin."""

import datetime as dt
import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from samsyn.accounts.models import SingleSignOn
from samsyn.associations.models import Membership, RetentionDecision
from samsyn.home import gdpr
from samsyn.reports.render import to_html
from samsyn.testing import make_user

TODAY = dt.date(2026, 6, 1)


def text_of(report):
    return to_html(report)


def page(login, world, document):
    client = login(world.users["admin"])
    return client.get(reverse("gdpr_document", args=[world.association.slug, document]))


def test_only_the_admin_opens_the_documents(alfa, login):
    url = reverse("gdpr_documents", args=["alfa"])
    assert login(alfa.users["admin"]).get(url).status_code == 200
    for role in ("office", "analyst", "staff", "board"):
        assert login(alfa.users[role]).get(url).status_code == 403, role
    assert page(login, alfa, "finns-inte").status_code == 404


def test_the_roles_and_how_many_hold_each_are_counted_from_the_memberships(alfa):
    before = {r.role: r.users for r in gdpr.facts(alfa.association, TODAY).roles}
    Membership.objects.create(user=make_user("kansli2"), association=alfa.association,
                              role="office")
    after = {r.role: r.users for r in gdpr.facts(alfa.association, TODAY).roles}
    assert after["office"] == before["office"] + 1 == 2
    assert {k: v for k, v in after.items() if k != "office"} == {
        k: v for k, v in before.items() if k != "office"}
    table = next(t for t in gdpr.record_of_processing(gdpr.facts(alfa.association, TODAY))
                 .tables if t.key == "roles")
    office = next(r for r in table.rows if r["role"] == "Kansli")
    assert office["users"] == 2 and office["reads"] == "nej"
    assert table.total is not None and table.total["users"] == sum(after.values())


def test_retention_follows_the_recorded_decision_or_says_there_is_none(alfa):
    html = text_of(gdpr.record_of_processing(gdpr.facts(alfa.association, TODAY)))
    assert "60 månader, enligt beslut Dnr 2020/1 § 5 av 2020-01-01 (Styrelsen)" in html
    RetentionDecision.objects.filter(association=alfa.association).delete()
    html = text_of(gdpr.record_of_processing(gdpr.facts(alfa.association, TODAY)))
    assert "Inget gallringsbeslut registrerat: gallras inte av Samsyn" in html


@pytest.mark.parametrize("required", [True, False])
def test_the_second_factor_is_described_as_the_installation_has_it(alfa, required):
    with override_settings(SAMSYN_REQUIRE_SECOND_FACTOR=required):
        html = text_of(gdpr.record_of_processing(gdpr.facts(alfa.association, TODAY)))
    if required:
        assert "krävs för: Administratör, Kansli, Analytiker" in html
    else:
        assert "krävs inte i den här installationen" in html


def test_single_sign_on_and_hosting_come_from_the_settings(alfa):
    SingleSignOn.objects.create(association=alfa.association, required=True)
    with override_settings(SAMSYN_OIDC_ENABLED=True, SAMSYN_OIDC_NAME="Region Test",
                           SAMSYN_HOSTING_PROVIDER="Exempel Drift AB",
                           SAMSYN_HOSTING_LOCATION="Sundsvall, Sverige"):
        f = gdpr.facts(alfa.association, TODAY)
    html = text_of(gdpr.record_of_processing(f))
    assert "tillgänglig (Region Test); enda vägen in för förbundet: ja" in html
    assert "Sundsvall, Sverige" in html and "Exempel Drift AB" in html
    agreement = text_of(gdpr.processor_agreement(f))
    assert "Exempel Drift AB, personuppgiftsbiträdet" in agreement
    assert "För Exempel Drift AB, personuppgiftsbiträde" in agreement


def test_hosting_not_set_is_said_rather_than_made_up(alfa):
    with override_settings(SAMSYN_HOSTING_PROVIDER="", SAMSYN_HOSTING_LOCATION=""):
        html = text_of(gdpr.processor_agreement(gdpr.facts(alfa.association, TODAY)))
    assert "ej angivet (fylls i)" in html


def test_the_threshold_and_the_records_are_read_not_written_in(alfa):
    alfa.association.suppression_threshold = 7
    alfa.association.save()
    f = gdpr.facts(alfa.association, TODAY)
    assert f.counts["participations"] >= 1 and f.counts["participants"] >= 1
    html = text_of(gdpr.impact_assessment(f))
    assert "tröskel 7" in html
    assert f"nu {f.counts['participants']} deltagare med {f.counts['participations']} " \
           "deltaganden" in html


def test_the_page_shows_the_document_and_offers_pdf_and_word(alfa, login):
    response = page(login, alfa, "registerforteckning")
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert "Registerförteckning" in html and "Personuppgiftsansvarig" in html
    assert "?format=pdf" in html and "?format=docx" in html


def test_the_agreement_downloads_as_a_word_file_to_edit(alfa, login):
    client = login(alfa.users["admin"])
    response = client.get(reverse("gdpr_document", args=["alfa", "pub-avtal"]) + "?format=docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Personuppgiftsbiträdesavtal" in body and "Samordningsförbundet alfa" in body


def test_the_record_downloads_as_a_pdf_to_keep(alfa, login):
    client = login(alfa.users["admin"])
    response = client.get(reverse("gdpr_document", args=["alfa", "registerforteckning"])
                          + "?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
