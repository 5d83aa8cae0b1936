"""The lines a förbund's budget and outcome are kept in, as the seed plans lay them out."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scenario(models.TextChoices):
    BUDGET = "budget", _("Budget")
    PLAN = "plan", _("Plan")
    FORECAST = "forecast", _("Forecast")
    OUTCOME = "outcome", _("Outcome")


class Category(models.TextChoices):
    CONTRIBUTION = "contribution", _("Member contribution")
    ESF = "esf", _("ESF income")
    GRANT = "grant", _("Other grants")
    FINANCIAL_INCOME = "financial_income", _("Financial income")
    OTHER_INCOME = "other_income", _("Other income")
    INDIVIDUAL = "individual", _("Individual interventions")
    STRUCTURAL = "structural", _("Structural interventions")
    COMMUNICATION = "communication", _("Communication")
    EVALUATION = "evaluation", _("Evaluation")
    BOARD = "board", _("Board")
    AUDIT = "audit", _("Audit")
    OFFICE_STAFF = "office_staff", _("Office: staff")
    OFFICE_PREMISES = "office_premises", _("Office: premises")
    OFFICE_OTHER = "office_other", _("Office: other")
    DEPRECIATION = "depreciation", _("Depreciation")
    FINANCIAL_COST = "financial_cost", _("Financial costs")

    @property
    def is_income(self) -> bool:
        return self.value in INCOME

    @property
    def per_intervention(self) -> bool:
        return self.value in PER_INTERVENTION

    @property
    def group(self) -> str:
        return GROUP[self.value]


INCOME = frozenset({"contribution", "esf", "grant", "financial_income", "other_income"})
PER_INTERVENTION = frozenset({"individual", "structural", "esf", "grant"})

# The groups of 000 table 5: how the economic frame is used.
GROUP = {
    "contribution": "income", "esf": "income", "grant": "income",
    "financial_income": "income", "other_income": "income",
    "individual": "individual", "evaluation": "individual",
    "structural": "structural", "communication": "structural",
    "board": "office", "audit": "office", "office_staff": "office",
    "office_premises": "office", "office_other": "office",
    "depreciation": "other", "financial_cost": "other",
}

GROUP_LABELS = {
    "income": _("Income"),
    "individual": _("Individual interventions"),
    "structural": _("Structural interventions"),
    "office": _("Office and board"),
    "other": _("Other costs"),
    "closing_equity": _("Closing equity"),
}


class StatementLine(models.TextChoices):
    """The lines of the financial statements an account range can be mapped to (002, 3–4)."""

    INCOME = "income", _("Operating income")
    COST_INTERVENTIONS = "cost_interventions", _("Operating costs: interventions")
    COST_PERSONNEL = "cost_personnel", _("Operating costs: personnel, board and office")
    COST_PREMISES = "cost_premises", _("Operating costs: premises")
    COST_OTHER = "cost_other", _("Operating costs: other")
    COST_AUDIT = "cost_audit", _("Operating costs: audit")
    DEPRECIATION = "depreciation", _("Depreciation")
    FINANCIAL_INCOME = "financial_income", _("Financial income")
    FINANCIAL_COST = "financial_cost", _("Financial costs")
    EXTRAORDINARY = "extraordinary", _("Extraordinary items")
    YEAR_RESULT = "year_result", _("The year's result booked to equity (not counted)")
    FIXED_ASSETS = "fixed_assets", _("Fixed assets: acquisition value")
    FIXED_ASSETS_DEPRECIATION = "fixed_assets_depreciation", _(
        "Fixed assets: accumulated depreciation")
    RECEIVABLES = "receivables", _("Receivables")
    CASH = "cash", _("Cash and bank")
    EQUITY = "equity", _("Equity")
    PROVISIONS = "provisions", _("Provisions")
    LONG_TERM_LIABILITIES = "long_term_liabilities", _("Long-term liabilities")
    CURRENT_LIABILITIES = "current_liabilities", _("Current liabilities")
