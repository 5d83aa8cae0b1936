"""A document reads the förbund's economy once (finance.queries.one_document); what it reads
must be what each function gives on its own, outside a document."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.associations.models import Association
from samsyn.finance import checks, financial, queries
from samsyn.finance.categories import Scenario
from samsyn.finance.models import EsfPresentation

YEARS = range(2016, 2026)



def _economy(association: Association) -> list:
    """Everything the memo serves, over ten years and every scenario."""
    found = []
    for year in YEARS:
        adopted = queries.finance_year(association, year)
        decided = queries.contribution_year(association, year)
        imported = queries.year_import(association, year)
        found.append((financial.rules_for(association),
                      financial.statements_for(association, year)))
        found.append((year, adopted and adopted.pk, decided and decided.pk,
                      imported and (imported.pk, sorted(b.pk for b in imported.balances.all()),
                                    sorted(a.pk for a in imported.amounts.all())),
                      queries.ending_scenario(association, year),
                      queries.opening_equity(association, year),
                      [str(d) for d in checks.discrepancies(association, year)]))
        for scenario in Scenario:
            labels = queries.Labels()
            found.append((year, scenario, queries.has_lines(association, year, scenario),
                          queries.lines_for(association, year, scenario),
                          queries.lines_for(association, year, scenario, labels),
                          labels.names, labels.plain))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["ostra-sodertorn", "samsund", "stockholms-stad"])
def test_inside_a_document_the_economy_is_what_it_is_outside(demo, slug):
    association = Association.objects.get(slug=slug)
    alone = _economy(association)
    with queries.one_document():
        assert _economy(association) == alone


@pytest.mark.django_db
def test_a_document_asks_which_years_have_lines_once_whatever_the_years(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    with queries.one_document():
        queries.has_lines(association, 2022, Scenario.BUDGET)
        with CaptureQueriesContext(connection) as asked:
            for year in YEARS:
                for scenario in Scenario:
                    queries.has_lines(association, year, scenario)
                queries.finance_year(association, year)
    assert len(asked) == 1  # the adopted years, read once; which years have lines, none


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["ostra-sodertorn", "samsund", "stockholms-stad"])
def test_the_year_menu_s_years_of_the_economy_are_the_same_inside_a_document(demo, slug):
    association = Association.objects.get(slug=slug)
    alone = queries._years_with_data(association)
    assert alone  # the demo has lines
    with queries.one_document():
        assert queries._years_with_data(association) == alone
        assert [i.pk for i in queries.sie_imports(association)] == [
            i.pk for i in association.sie_imports.order_by("-imported_at", "-pk")]
        assert queries.esf_presentation(association) == (
            association.finance_settings.esf_presentation
            if hasattr(association, "finance_settings") else EsfPresentation.GROSS)


@pytest.mark.django_db
def test_a_document_reads_the_economy_and_its_years_in_three_statements(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    with queries.one_document(), CaptureQueriesContext(connection) as asked:
        queries._years_with_data(association)
        for year in YEARS:
            for scenario in (Scenario.BUDGET, Scenario.PLAN, Scenario.FORECAST):
                queries.has_lines(association, year, scenario)
                queries.lines_for(association, year, scenario)
            queries.has_lines(association, year, Scenario.OUTCOME)
        queries.sie_imports(association)
        with queries.one_document():  # entered again: the same reads
            queries.has_lines(association, 2022, Scenario.BUDGET)
    # the typed lines, the bookkeeping imports, the settings with the contribution years
    assert len(asked) == 3


@pytest.mark.django_db
def test_a_document_reads_no_import_for_a_year_that_has_none(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    held = {i.year for i in queries.sie_imports(association)}
    with queries.one_document():
        queries.sie_imports(association)
        with CaptureQueriesContext(connection) as asked:
            for _twice in range(2):
                for year in YEARS:
                    queries.year_import(association, year)
    # The import with its balances and amounts, once for each year that has one.
    assert held
    assert len(asked) == 3 * len(held & set(YEARS))
