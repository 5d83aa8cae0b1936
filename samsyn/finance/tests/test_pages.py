"""The economy pages as a kansli uses them: figures, flags, forms, upload and exports."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samsyn.associations.models import Member, Population
from samsyn.finance.models import BudgetLine, Contribution, ContributionYear, SieImport

SAMPLES = Path(__file__).resolve().parent / "sie"
NBSP = "\u00a0"


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def n(text: str) -> str:
    """Swedish number formatting as the pages print it."""
    return text.replace(" ", NBSP)


def test_the_budget_page_shows_result_equity_frame_and_shares(alfa, login):
    client = login(alfa.users["board"])
    page = client.get(url(alfa, "budget_overview", 2022)).content.decode()
    # Income 1 000 000; costs 600 000 + 300 000; opening equity 200 000.
    assert n("1 000 000") in page and n("900 000") in page
    assert n("300 000") in page          # closing equity 200 000 + 100 000
    assert n("1 200 000") in page        # the economic frame
    assert n("50,00 %") in page          # 600 000 of 1 200 000 on individual insatser
    assert n("25,00 %") in page          # office, and closing equity


def test_a_typed_figure_that_disagrees_is_flagged_with_both_numbers(alfa, login):
    contribution = alfa.extra["contributions"][0]
    contribution.invoiced = Decimal(490_000)
    contribution.save()
    client = login(alfa.users["office"])
    for name in ("budget_overview", "contribution_year"):
        page = client.get(url(alfa, name, 2022)).content.decode()
        assert "Fakturerat Försäkringskassan 2022" in page
        assert n("490 000") in page and n("500 000") in page
    home = client.get(url(alfa, "finance_home")).content.decode()
    assert "Fakturerat Försäkringskassan 2022" in home


def test_the_split_page_calculates_a_what_if_and_decides_a_split(alfa, login):
    client = login(alfa.users["office"])
    other = Member.objects.create(association=alfa.association, name="Tyresö", kind="kommun")
    Population.objects.create(member=other, date=dt.date(2022, 11, 1), count=48_000)
    Population.objects.create(member=alfa.members["kommun"], date=dt.date(2022, 11, 1),
                              count=96_000)
    page = client.get(url(alfa, "contribution_year", 2023),
                      {"total": "1200000", "what_if": "Solna = 96 000"}).content.decode()
    assert "Solna" in page and "inte medlem" in page
    assert n("120 000") in page and n("60 000") in page
    assert "Besluta denna fördelning" not in page   # a what-if cannot be decided
    page = client.get(url(alfa, "contribution_year", 2023), {"total": "1200000"}).content
    assert "Besluta denna fördelning" in page.decode()
    response = client.post(url(alfa, "contribution_decide", 2023),
                           {"total": "1200000", "decided": "2022-11-24"})
    assert response.status_code == 302
    decided = ContributionYear.objects.get(association=alfa.association, year=2023)
    amounts = {c.member.name: c.amount for c in decided.contributions.all()}
    assert amounts == {"Försäkringskassan": 600_000, "Region Test": 300_000,
                       "Alfa kommun": 200_000, "Tyresö": 100_000}
    assert decided.decided == dt.date(2022, 11, 24)


def test_a_bad_what_if_line_is_named(alfa, login):
    client = login(alfa.users["office"])
    page = client.get(url(alfa, "contribution_year", 2022),
                      {"total": "100", "what_if": "Solna = 5\nNacka"}).content.decode()
    assert "Rad 2: skriv som ”Kommun = 12345”." in page


def test_redeciding_keeps_what_members_were_invoiced(alfa, login):
    contribution = alfa.extra["contributions"][0]
    contribution.invoiced = Decimal(500_000)
    contribution.save()
    client = login(alfa.users["office"])
    client.post(url(alfa, "contribution_decide", 2022),
                {"total": "1 000 000", "decided": "2021-11-20"})
    again = Contribution.objects.get(contribution_year__association=alfa.association,
                                     contribution_year__year=2022, member=contribution.member)
    assert again.invoiced == Decimal(500_000)


def test_budget_line_form_speaks_swedish_and_keeps_to_the_förbund(alfa, beta, login):
    client = login(alfa.users["office"])
    response = client.post(url(alfa, "budget_line_create", 2023), {
        "year": "2023", "scenario": "budget", "category": "contribution", "amount": "100",
    })
    assert "Ett medlemsbidrag behöver den medlem som betalar." in response.content.decode()
    response = client.post(url(alfa, "budget_line_create", 2023), {
        "year": "2023", "scenario": "budget", "category": "contribution", "amount": "100",
        "member": beta.members["fk"].pk,
    })
    assert response.status_code == 200
    assert not BudgetLine.objects.filter(member=beta.members["fk"], association=alfa.association)


def test_sie_upload_previews_then_imports(alfa, login):
    client = login(alfa.users["office"])
    data = (SAMPLES / "transaktioner_ovnbolag.se").read_bytes()
    upload = io.BytesIO(data)
    upload.name = "ovn.se"
    page = client.post(url(alfa, "sie_upload"), {"file": upload}).content.decode()
    assert "räkenskapsår 2011" in page
    assert SieImport.objects.filter(association=alfa.association, year=2011).count() == 0
    import hashlib
    sha = hashlib.sha256(data).hexdigest()
    # Övningsbolaget's 2011 is not the förbund's bookkeeping: a second, named confirmation.
    assert "Övningsbolag" in page and "före det första året" in page
    refused = client.post(url(alfa, "sie_upload"), {"sha256": sha}).content.decode()
    assert "Bekräfta att filen ska importeras" in refused
    assert not SieImport.objects.filter(association=alfa.association, year=2011).exists()
    response = client.post(url(alfa, "sie_upload"), {"sha256": sha, "accept_other": "on"})
    record = SieImport.objects.get(association=alfa.association, year=2011)
    assert response.status_code == 302 and response["Location"] == url(alfa, "sie_detail",
                                                                        record.pk)
    assert record.amounts.count() > 0 and record.imported_by == alfa.users["office"]


def test_an_unbalanced_upload_needs_the_box_ticked(alfa, login):
    client = login(alfa.users["office"])
    data = (SAMPLES / "transaktioner_ovnbolag-bad-balance.se").read_bytes()
    upload = io.BytesIO(data)
    upload.name = "bad.se"
    page = client.post(url(alfa, "sie_upload"), {"file": upload}).content.decode()
    assert "rad 3905: verifikation B 1 balanserar inte" in page
    import hashlib
    sha = hashlib.sha256(data).hexdigest()
    client.post(url(alfa, "sie_upload"), {"sha256": sha, "accept_other": "on"})
    assert not SieImport.objects.filter(association=alfa.association, year=2011).exists()
    upload = io.BytesIO(data)
    upload.name = "bad.se"
    client.post(url(alfa, "sie_upload"), {"file": upload})
    client.post(url(alfa, "sie_upload"), {"sha256": sha, "accept_unbalanced": "on",
                                          "accept_other": "on"})
    assert SieImport.objects.get(association=alfa.association, year=2011).unbalanced_accepted


def test_a_broken_upload_names_its_line_and_stores_nothing(alfa, login):
    client = login(alfa.users["office"])
    upload = io.BytesIO(b"#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n#TRANS 3010 {} 1\n")
    upload.name = "trasig.se"
    page = client.post(url(alfa, "sie_upload"), {"file": upload}).content.decode()
    assert "trasig.se: rad 4: #TRANS utanför en verifikation" in page


def test_outcome_from_sie_goes_through_the_mapping_rules(alfa, login):
    client = login(alfa.users["board"])
    page = client.get(url(alfa, "budget_outcome", 2022)).content.decode()
    # The world's import books 580 000 on 4010 with project P1, mapped to Vägen vidare,
    # which has 600 000 in the budget: 20 000 left, 96,7 % used.
    assert "Vägen vidare" in page
    assert n("580 000") in page and n("20 000") in page and n("96,7 %") in page


def test_the_budget_report_as_excel_has_numbers_not_text(alfa, login):
    client = login(alfa.users["board"])
    response = client.get(url(alfa, "report_view", "budget"), {"year": 2022, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert Decimal(1_200_000) in values or 1_200_000 in values
    assert not any(isinstance(v, str) and v.replace(NBSP, "").replace(" ", "").isdigit()
                   for v in values)


def test_the_national_model_page_reads_a_csv(alfa, login):
    client = login(alfa.users["analyst"])
    csv = io.BytesIO("förbund;försörjningsmått;befolkning 16-64;äskad budget\n"
                     "A;500;25 000;9 000 000\nB;300;25 000;\nC;200;50 000;\n"
                     .encode())
    csv.name = "omraden.csv"
    page = client.post(url(alfa, "national_model"), {
        "national_sum": "10000000", "base": "400000", "he_weight": "75", "areas": csv,
    }).content.decode()
    assert n("4 250 000") in page and n("8 500 000") in page and n("500 000") in page


@pytest.mark.parametrize("kind", ["budget", "budget-outcome", "contributions"])
def test_staff_do_not_see_the_economy_in_reports_unless_granted(alfa, login, kind):
    client = login(alfa.users["staff"])
    assert client.get(url(alfa, "report_view", kind), {"year": 2022}).status_code == 403
    assert kind not in client.get(url(alfa, "report_list")).content.decode()
    membership = alfa.memberships["staff"]
    membership.sees_finance = True
    membership.save()
    assert client.get(url(alfa, "report_view", kind), {"year": 2022}).status_code == 200


def test_net_esf_deducts_the_grant_from_its_insats_and_keeps_the_result(alfa, login):
    from samsyn.finance.models import FinanceSettings

    BudgetLine.objects.create(association=alfa.association, year=2022, scenario="budget",
                              category="esf", intervention=alfa.intervention,
                              amount=Decimal(100_000))
    client = login(alfa.users["office"])
    gross = client.get(url(alfa, "report_view", "budget"), {"year": 2022, "format": "json"})
    FinanceSettings.objects.create(association=alfa.association, esf_presentation="net")
    net = client.get(url(alfa, "report_view", "budget"), {"year": 2022, "format": "json"})
    gross_col, net_col = gross.json()["columns"][0], net.json()["columns"][0]
    assert Decimal(gross_col["income"]) == 1_100_000 and Decimal(net_col["income"]) == 1_000_000
    assert Decimal(gross_col["costs"]) == 900_000 and Decimal(net_col["costs"]) == 800_000
    assert Decimal(gross_col["result"]) == Decimal(net_col["result"]) == 200_000


def test_the_statements_page_shows_the_books_and_flags_an_adopted_result(alfa, login):
    from samsyn.finance.models import FinanceYear

    FinanceYear.objects.filter(association=alfa.association, year=2022).update(
        adopted_result=Decimal(-500_000))
    client = login(alfa.users["office"])
    page = client.get(url(alfa, "financial_statements", 2022)).content.decode()
    assert "Resultaträkning" in page and "Balansräkning" in page and "Kassaflödesanalys" in page
    assert "Årets resultat 2022 (fastställt)" in page
    assert n("500 000") in page and n("580 000") in page
    assert "Varje konto i importen har en rad i bokslutet." in page


def test_an_account_without_a_statement_line_is_listed_on_the_page(alfa, login):
    from samsyn.finance.models import OutcomeAmount

    OutcomeAmount.objects.create(sie_import=alfa.extra["sie_import"], account="9100",
                                 account_name="Konstigt konto", amount=Decimal(10))
    client = login(alfa.users["office"])
    page = client.get(url(alfa, "financial_statements", 2022)).content.decode()
    assert "9100 Konstigt konto" in page


def test_the_first_own_statement_rule_starts_from_a_copy_of_the_chart(alfa, login):
    from samsyn.finance.financial import plan_rules
    from samsyn.finance.models import StatementRule

    StatementRule.objects.filter(association=alfa.association).delete()
    client = login(alfa.users["office"])
    response = client.post(url(alfa, "statement_rule_create"), {
        "first_account": "4015", "last_account": "4015", "line": "cost_other"})
    assert response.status_code == 302
    rules = StatementRule.objects.filter(association=alfa.association)
    assert rules.count() == len(plan_rules("bas")) + 1
    assert rules.filter(first_account="4015", line="cost_other").exists()
