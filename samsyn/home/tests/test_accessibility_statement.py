"""The tillgänglighetsredogörelse: public, in Digg's order, linked from every page, and its
form keeps each report and sends it to the förbund and the installation."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.home.accessibility import DIGG_REPORT_URL, known
from samsyn.home.models import AccessibilityReport

STATEMENT = "/tillganglighet/"
DIGG_HEADINGS = [
    "Hur tillgänglig är tjänsten?",
    "Vad kan du göra om du inte kan använda delar av tjänsten?",
    "Rapportera brister i tjänstens tillgänglighet",
    "Tillsyn",
    "Teknisk information om tjänstens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat tjänsten",
]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def headings(html):
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]


@override_settings(SAMSYN_INSTALLATION_NAME="Samsyn Södertörn",
                   SAMSYN_ACCESSIBILITY_ORGANISATION="Samordningsförbundet Östra Södertörn",
                   SAMSYN_ACCESSIBILITY_CONTACT="tillganglighet@example.se")
def test_anyone_reads_the_statement_in_diggs_order_with_the_installations_facts(client, db):
    response = client.get(STATEMENT)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "Tillgänglighetsredogörelse för Samsyn Södertörn" in html
    found = headings(html)
    assert [h for h in found if h in DIGG_HEADINGS] == DIGG_HEADINGS
    assert "Samordningsförbundet Östra Södertörn står bakom Samsyn Södertörn" in html
    assert 'href="mailto:tillganglighet@example.se"' in html
    assert f'href="{DIGG_REPORT_URL}"' in html
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in html
    for shortcoming in known().shortcomings:
        assert shortcoming.sv.split(".")[0] in html
    assert f"Den senaste bedömningen gjordes den {known().assessed:%Y-%m-%d}." in html


def test_from_a_forbunds_pages_the_statement_names_its_contact(client, alfa):
    alfa.association.contact_email = "kansli@alfa.example.se"
    alfa.association.save()
    html = client.get(f"{STATEMENT}?forbund=alfa").content.decode()
    assert "Du kom hit från sidorna för Samordningsförbundet alfa" in html
    assert 'href="mailto:kansli@alfa.example.se"' in html
    assert 'name="forbund" value="alfa"' in html


@override_settings(SAMSYN_ACCESSIBILITY_CONTACT="tillganglighet@example.se")
def test_a_report_is_kept_logged_and_sent_to_the_forbund_and_the_installation(
        client, alfa, django_capture_on_commit_callbacks):
    alfa.association.contact_email = "kansli@alfa.example.se"
    alfa.association.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STATEMENT, {
            "forbund": "alfa", "description": "Knappen syns inte med förstoring.",
            "page": "/katalog/alfa/", "assistive_technology": "ZoomText",
            "email": "person@example.se"})
    assert response.status_code == 302 and response["Location"].endswith("#rapportera")
    saved = AccessibilityReport.objects.get()
    assert saved.association == alfa.association and saved.page == "/katalog/alfa/"
    assert saved.mailed_to == "kansli@alfa.example.se, tillganglighet@example.se"
    (sent,) = mail.outbox
    assert sent.to == ["kansli@alfa.example.se", "tillganglighet@example.se"]
    assert sent.reply_to == ["person@example.se"]
    assert "Knappen syns inte med förstoring." in sent.body and "ZoomText" in sent.body
    assert AuditEntry.objects.filter(action="accessibility_report",
                                     association_id=alfa.association.pk).exists()


def test_a_report_without_a_description_is_refused_in_swedish(client, db):
    response = client.post(STATEMENT, {"page": "/"})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not AccessibilityReport.objects.exists()


@override_settings(SAMSYN_ACCESSIBILITY_REPORTS_PER_HOUR=2)
def test_one_address_cannot_fill_the_mailboxes(client, db):
    for n in range(2):
        assert client.post(STATEMENT, {"description": f"Fel {n}"}).status_code == 302
    refused = client.post(STATEMENT, {"description": "Fel 3"})
    assert refused.status_code == 429
    assert "För många rapporter från din adress" in refused.content.decode()
    assert AccessibilityReport.objects.count() == 2


def test_every_kind_of_page_links_the_statement_from_its_footer(client, alfa, login):
    alfa.intervention.catalog_offers = "Arbetsträning."
    alfa.intervention.save()
    footer = re.compile(r'<footer class="foot">.*?href="/tillganglighet/(\?forbund=alfa)?"',
                        re.S)
    for url in ("/konto/logga-in/", "/katalog/", "/katalog/alfa/",
                "/katalog/alfa/vagen-vidare/", STATEMENT):
        html = client.get(url).content.decode()
        assert footer.search(html), url
    assert 'href="/tillganglighet/?forbund=alfa"' in client.get("/katalog/alfa/").content.decode()
    office = login(alfa.users["office"])
    html = office.get(reverse("association_home", args=["alfa"])).content.decode()
    assert 'href="/tillganglighet/?forbund=alfa"' in html


def test_a_survey_answer_page_links_the_statement_of_its_forbund(client, alfa):
    from samsyn.surveys import services

    (token,) = services.invite(alfa.extra["survey_round"], count=1)
    html = client.get(f"/enkat/{token}/").content.decode()
    assert 'href="/tillganglighet/?forbund=alfa"' in html


def test_the_office_reads_the_reports_of_its_own_forbund_only(client, alfa, beta, login):
    client.post(STATEMENT, {"forbund": "alfa", "description": "Alfas fel"})
    client.post(STATEMENT, {"forbund": "beta", "description": "Betas fel"})
    html = login(alfa.users["office"]).get(
        reverse("accessibility_reports", args=["alfa"])).content.decode()
    assert "Alfas fel" in html and "Betas fel" not in html
    assert login(alfa.users["board"]).get(
        reverse("accessibility_reports", args=["alfa"])).status_code == 403
