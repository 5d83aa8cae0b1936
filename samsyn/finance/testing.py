"""The economy of a test förbund, so every finance page can be walked with real rows."""

import datetime as dt
from decimal import Decimal
from typing import Any

from samsyn.finance.models import (
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    Contribution,
    ContributionYear,
    FinanceYear,
    ManagementGoal,
    ObjectRule,
    OutcomeAmount,
    SieImport,
    StatementRule,
)


def extend_world(world: Any) -> None:
    association = world.association
    members = world.members
    line = BudgetLine.objects.create(
        association=association, year=2022, scenario="budget", category="individual",
        intervention=world.intervention, amount=Decimal(600_000),
    )
    for key, amount in (("fk", 500_000), ("region", 250_000), ("kommun", 250_000)):
        BudgetLine.objects.create(association=association, year=2022, scenario="budget",
                                  category="contribution", member=members[key],
                                  amount=Decimal(amount))
    BudgetLine.objects.create(association=association, year=2022, scenario="budget",
                              category="office_staff", amount=Decimal(300_000))
    FinanceYear.objects.create(association=association, year=2022,
                               opening_equity=Decimal(200_000))
    decided = ContributionYear.objects.create(association=association, year=2022,
                                              total=Decimal(1_000_000),
                                              decided=dt.date(2021, 11, 25))
    contributions = [
        Contribution.objects.create(contribution_year=decided, member=members[key],
                                    amount=Decimal(amount))
        for key, amount in (("fk", 500_000), ("region", 250_000), ("kommun", 250_000))
    ]
    account_rule = AccountRule.objects.create(association=association, first_account="4000",
                                              last_account="4999", category="individual")
    object_rule = ObjectRule.objects.create(association=association, dimension="6", code="P1",
                                            intervention=world.intervention)
    imported = SieImport.objects.create(
        association=association, year=2022, start=dt.date(2022, 1, 1),
        end=dt.date(2022, 12, 31), filename="bokslut-2022.se", sha256="0" * 64, vouchers=1,
    )
    OutcomeAmount.objects.create(sie_import=imported, account="4010", object_list="6:P1",
                                 amount=Decimal("580000.00"))
    statement_rule = StatementRule.objects.create(association=association, first_account="4000",
                                                  last_account="4999",
                                                  line="cost_interventions")
    management_goal = ManagementGoal.objects.create(
        association=association, goal="Medlen går till insatserna",
        measure="intervention_share", target=Decimal(80))
    history = BudgetHistoryFigure.objects.create(
        association=association, stated_in=2022, year=2021, amount=Decimal(900_000),
        text="Budget enligt fördelningsmodellen")
    world.extra.update(budget_line=line, contribution_year=decided, budget_history=history,
                       contributions=contributions, sie_import=imported)
    world.url_values.update(
        line_id=line.pk, contribution_id=contributions[0].pk,
        account_rule_id=account_rule.pk, object_rule_id=object_rule.pk,
        sie_import_id=imported.pk, statement_rule_id=statement_rule.pk,
        management_goal_id=management_goal.pk, budget_history_id=history.pk,
    )
