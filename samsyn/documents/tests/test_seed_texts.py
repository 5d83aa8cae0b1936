"""The texts a person wrote in the four seed documents are in the generated documents, in the
seed documents' order (docs/fidelity.md rows 000-1, 001-1, 003-2, 002-1, 002-3, 002-4, 002-7,
002-14, 002-18)."""

import html as html_lib

import pytest

from samsyn.documents.tests.test_documents import render


def document_text(slug, year, kind, tmp_path):
    return html_lib.unescape(render(slug, year, kind, "html", tmp_path).read_text())


@pytest.mark.django_db
def test_the_annual_report_2022_carries_the_chairs_foreword_and_the_förbund_in_the_seeds_order(
        demo, tmp_path):
    text = document_text("ostra-sodertorn", 2022, "annual-report", tmp_path)
    text = text[text.index("</nav>"):]   # the sections themselves, not the contents
    order = ["Förord", "Under mitt andra och sista år som ordförande",
             "Om förbundet", "bildades 1 april 2010 med kommunerna Haninge, Nynäshamn och Tyresö",
             "Väsentliga personalförhållanden", "Förväntad utveckling", "minst 1 600 personer",
             "Redovisningsprinciper", "ett halvt prisbasbelopp", "Styrelsens beslut"]
    places = [text.find(p) for p in order]
    assert -1 not in places, [p for p, i in zip(order, places, strict=True) if i == -1]
    assert places == sorted(places)


@pytest.mark.django_db
def test_the_annual_report_lists_the_insatser_of_2022_as_the_document_does(demo, tmp_path):
    text = document_text("ostra-sodertorn", 2022, "annual-report", tmp_path)
    individual = ["1. Resursrådet", "3. Vuxteamen i Haninge och Tyresö kommuner",
                  "4. Koordinerande funktion Arbetsförmedlingen",
                  "5. Det regionala MIA Vidare (med finansiering från ESF)",
                  "6. MIA Vidare Östra Södertörn (med finansiering från ESF)",
                  "7. SamMA-projektet (med finansiering från ESF)"]
    structural = ["1. Kunskaps- och frukostseminarier", "4. Tjänstepersonstöd till NNS",
                  "8. Insatskatalogen"]
    assert all(item in text for item in individual + structural)


@pytest.mark.django_db
def test_the_annual_report_gives_the_sick_leave_as_the_document_does(demo, tmp_path):
    text = document_text("ostra-sodertorn", 2022, "annual-report", tmp_path)
    assert "Antalet sjukdagar för 2022 var 186 dagar, det motsvarar 7 procent" in text
    assert "54 sjukdagar, motsvarande 1,56 procent" in text
    assert "totalt fjorton personer, jämfört med 15 personer 2021" in text


@pytest.mark.django_db
def test_the_annual_report_describes_the_förbund_as_section_1_2_does(demo, tmp_path):
    text = document_text("ostra-sodertorn", 2022, "annual-report", tmp_path)
    sections = ["1.2.1 Organisation", "1.2.2 Lagrum", "1.2.3 Uppdrag",
                "1.2.4 Verksamhetsidé, vision och övergripande mål",
                "1.2.5 Finansiering", "1.2.6 Målgruppen", "1.2.8 Insatser",
                "1.2.9 Perspektiv, kultur, värdegrund och kommunikation"]
    places = [text.find(s) for s in sections]
    assert -1 not in places and places == sorted(places)
    assert "personer i åldersspannet 16–64 år" in text
    assert "Respektfulla och utgår från de mänskliga rättigheterna i möten" in text


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "year", "heading", "words"), [
    ("stockholms-stad", 2022, "Inriktning för arbetet",
     ["År 2022 avser förbundet fortsätta att",
      "FINSAM-team är ingången till förbundets insatser",
      "Arbetsnamnet är STARK"]),
    ("samsund", 2024, "Vision och uppdrag",
     ["I förbundsordningen sammanfattas styrelsens uppgifter i sju punkter.",
      "7. upprätta budget och årsredovisning för den finansiella samordningen",
      "Vi ser förmågan", "Egenmakt.", "Tillsammans.", "Ändamål och syfte"]),
    ("ostra-sodertorn", 2017, "Vision och uppdrag",
     ["Våra gemensamma insatser leder till arbete och välbefinnande",
      "Samverkan mellan parterna har blivit mer systematisk",
      "Personalen inom de medverkande organisationerna ser samordningsförbundet som en viktig"]),
])
def test_each_business_plan_carries_its_own_words(demo, tmp_path, slug, year, heading, words):
    text = document_text(slug, year, "business-plan", tmp_path)
    assert heading in text
    assert [w for w in words if w not in text] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "year", "groups"), [
    # 000 section 1: the four needs groups with their ages.
    ("stockholms-stad", 2022, [("Unga vuxna 16–29 år i behov av samordnat stöd", "16–29"),
                               ("Vuxna 30–64 år i behov av samordnat stöd", "30–64"),
                               ("Personer med erfarenhet av migration och flykt", "16–64"),
                               ("Personer med funktionsnedsättning som påverkar", "16–64")]),
    # 003 section 3: the four priority target groups.
    ("ostra-sodertorn", 2017, [("Unga vuxna 16–24 år som varken arbetar eller studerar", "16–24"),
                               ("Personer med stora svårigheter att få ett arbete", "16–64"),
                               ("Personer med någon form av funktionsnedsättning", "16–64"),
                               ("Nyanlända och arbetslösa utrikesfödda", "16–64")]),
])
def test_the_business_plan_names_its_target_groups_with_ages_in_a_section_of_their_own(
        demo, tmp_path, slug, year, groups):
    text = document_text(slug, year, "business-plan", tmp_path)
    # The section's heading, numbered as the plan's sections are (documents/numbered.py).
    section = text[text.index("Målgrupper</h2>"):text.index("Målområden, mål och aktiviteter")]
    places = [section.find(name) for name, _ages in groups]
    assert -1 not in places and places == sorted(places)
    for (_name, ages), place in zip(groups, places, strict=True):
        assert ages in section[place:place + 400]


@pytest.mark.django_db
def test_the_plan_2017_holds_the_goals_of_each_insats_and_the_pilots_as_003_does(demo, tmp_path):
    text = " ".join(document_text("ostra-sodertorn", 2017, "business-plan", tmp_path).split())
    expected = [
        # 003-6: the youth teams' six goals, the qualitative ones and the note on other exits.
        "Ung i Tyresö: Ca 250 unga vuxna ska delta i insatsen, varav 120 nya deltagare.",
        "Deltagare med annat avslut (35 procent) redovisas separat.",
        "Utveckla metoder och arbetssätt",
        "Utveckla arbetet med unga vuxna som ingår i det kommunala aktivitetsansvaret",
        "Utveckla arbetet med unga vuxna med aktivitetsersättning som är redo för arbete/studier",
        # 003-7: the resource council's five goals.
        "200 deltagare får konsultationsinsats",
        "Utveckla utbudet av aktiviteter som matchar målgruppens behov",
        "Deltagarnas behov av försörjningsstöd minskar",
        # 003-8: social enterprise.
        "Främja det sociala företagandet som en självständig samhällskraft",
        "Etablera samverkansformer mellan parterna och de sociala företagen",
        "stöd- och rådgivningsfunktion i regionen",
        # 003-9: MIA 2017 with its goal.
        "ESF-projektet MIA (Mobilisering inför arbete)",
        "2 500 deltagare som står särskilt långt från arbetsmarknaden ska delta, "
        "varav ca 700 från Haninge, Nynäshamn och Tyresö",
        # 003-10: the four pilots, coordination for newcomers, competence development.
        "Entreprenörskapsprogrammet Ester", "Förberedande gruppverksamhet i Nynäshamn",
        "Case Management – insats med extra Finsam-medel från Försäkringskassan",
        "Samordning av insatser till nyanlända", "Gemensam kompetensutveckling",
        "Dialogträffar med Försäkringskassan och vården om sjukskrivningar",
        "bussresor till sociala företag, workshops m.m.",
    ]
    assert [e for e in expected if e not in text] == []


@pytest.mark.django_db
def test_the_plan_2022_holds_the_general_goals_of_each_kind_of_insats_as_000_does(
        demo, tmp_path):
    text = " ".join(document_text("stockholms-stad", 2022, "business-plan", tmp_path).split())
    individual = text.index("Mål för de individinriktade insatserna")
    structural = text.index("Mål för de strukturella insatserna")
    assert individual < structural
    for goal in ["Ökad egenmakt", "Bättre hälsa", "Förbättrad svenska",
                 "Ökad kontakt med arbetslivet eller studier", "Ökad aktivitetsförmåga"]:
        assert individual < text.index(goal) < structural
    assert "effektivare samverkan kring den enskilde medborgaren" in text[structural:]
    assert "Ökat antal deltagare/besökare" in text[structural:]


@pytest.mark.django_db
def test_samsunds_plan_lists_its_insatser_as_001_does(demo, tmp_path):
    text = document_text("samsund", 2024, "business-plan", tmp_path)
    for name in ["Myndighetsgemensamt team Järfälla", "Myndighetsgemensamt team Sundbyberg",
                 "Myndighetsgemensamt team Upplands-Bro", "ESF Lumena", "ESF Conecto",
                 "Välfärdsguiden", "Utvecklat samarbete kring arbetsträning",
                 "Regeringsuppdrag Ökad upptäckt av våld"]:
        assert name in text, name
