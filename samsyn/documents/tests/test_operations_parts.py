"""The driftredovisning as 002 2.6.4 sets it out: an insats the board adopted in named parts
is a row per part, and a difference the document typed otherwise is named, not printed."""

from decimal import Decimal

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.annual import adopted_parts, operations_account
from samsyn.finance.budget import Line
from samsyn.finance.outcome import AccountRange, Booked, map_outcome
from samsyn.reports.document import ReportParams, Rounding

D = Decimal


def _line(slug: str, amount: int, part: str | None = None) -> Line:
    return Line(f"individual:{slug}", "individual", "individual", D(amount), slug, part)


def test_an_insats_is_split_only_where_the_budget_names_two_parts_of_it():
    budget = [_line("vuxteamen", 150000, "Vuxteam Haninge"),
              _line("vuxteamen", 330000, "Vuxteam Tyresö"),
              _line("resursradet", 1562600, "Resursrådet"),
              _line("samma", 100)]
    assert adopted_parts(budget) == {"vuxteamen": {"Vuxteam Haninge", "Vuxteam Tyresö"}}


def test_a_booked_line_of_an_insats_keeps_its_objects_name_as_the_part():
    mapped = map_outcome([Booked("4010", (("6", "P4"),), D(160055))],
                         [AccountRange(4000, 4999, "individual", "individual")],
                         {("6", "P4"): "vuxteamen"}, frozenset({"individual"}),
                         {("6", "P4"): "Vuxteam Haninge"})
    assert [(x.intervention, x.part, x.amount) for x in mapped.lines] == [
        ("vuxteamen", "Vuxteam Haninge", D(160055))]


def _operations():
    association = Association.objects.get(slug="ostra-sodertorn")
    return operations_account(ReportParams.for_year(Scope.system(association), 2022))


@pytest.mark.django_db
def test_002s_pairs_are_rows_of_their_own_with_002s_figures(demo):
    table = _operations().tables[0]
    found = {r["line"]: (r["budget"], r["outcome"], r["difference"])
             for r in table.rows if "budget" in r}
    assert found["Vuxteam Haninge"] == (D(150000), D(160055), D(-10055))
    assert found["MIA Vidare förlängning"] == (D(1660000), D(1936697), D(-276697))
    assert found["SamMA"][:2] == (D(3543751), D(3180190))
    assert "Vuxteamen i Haninge och Tyresö" not in found


@pytest.mark.django_db
def test_a_difference_002_typed_otherwise_is_named_in_the_note_and_the_checks(demo):
    report = _operations()
    note = report.tables[0].note.replace("\u00a0", " ")
    assert "363 531" in note and "363 561" in note
    texts = [str(w).replace("\u00a0", " ") for w in report.warnings]
    samma = next(w for w in report.warnings if "363" in str(w))
    assert not isinstance(samma, Rounding)
    tyreso = next(w for w in report.warnings if "23\u00a0197" in str(w) or "23 197" in str(w))
    assert isinstance(tyreso, Rounding)
    assert len(texts) == 3
