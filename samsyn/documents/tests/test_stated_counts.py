import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.documents.stated_counts import stated_tables
from samsyn.participants.models import StatedCount
from samsyn.participants.services import save_stated_count
from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import ReportParams

YEAR = (dt.date(2020, 3, 1), dt.date(2022, 10, 31))


def _state(world, cells, measure=StatedCount.Measure.ACTIVE):
    for i, (row, column, value) in enumerate(cells):
        StatedCount.objects.create(
            intervention=world.intervention, period_start=YEAR[0], period_end=YEAR[1],
            measure=measure, title="Deltagare i projektet", row=row, column=column,
            value=value, source="Årsredovisning 2022, bilaga 1", position=i)


def _table(world, publish):
    params = ReportParams.for_year(Scope.system(world.association), 2022, publish=publish)
    [table] = stated_tables(params).tables
    return table


@pytest.mark.django_db
def test_a_project_periods_stated_table_is_printed_as_stated_with_its_period_and_source(alfa):
    _state(alfa, [("Haninge", "AF", 4), ("Haninge", "", 80), ("Tyresö", "AF", 6),
                  ("Tyresö", "", 63), ("", "AF", 10), ("", "", 143)])
    table = _table(alfa, publish=False)
    assert "2020" in table.title and "2022" in table.title
    assert [r["c0"] for r in table.rows] == [4, 6] and table.total["total"] == 143
    assert "Årsredovisning 2022, bilaga 1" in table.note
    # Haninge's 80 is more than its one cell shown: the note names both, as printed.
    assert "80" in table.note and "4" in table.note


@pytest.mark.django_db
def test_a_published_stated_table_hides_a_small_count_and_enough_others_to_protect_it(alfa):
    alfa.association.suppression_threshold = 5
    alfa.association.save()
    _state(alfa, [("Haninge", "AF", 2), ("Haninge", "FK", 30), ("Haninge", "", 32),
                  ("Tyresö", "AF", 20), ("Tyresö", "FK", 25), ("Tyresö", "", 45),
                  ("", "AF", 22), ("", "FK", 55), ("", "", 77)])
    shown = _table(alfa, publish=True)
    assert shown.rows[0]["c0"] == HIDDEN
    # Its row and column would give it back from one other cell: a partner is hidden in each.
    assert HIDDEN in (shown.rows[0]["c1"], shown.rows[0]["total"])
    assert HIDDEN in (shown.rows[1]["c0"], shown.total["c0"])
    assert _table(alfa, publish=False).rows[0]["c0"] == 2


@pytest.mark.django_db
def test_a_stated_share_is_printed_as_a_share_and_never_hidden(alfa):
    alfa.association.suppression_threshold = 50
    alfa.association.save()
    _state(alfa, [("", "", 43)], measure=StatedCount.Measure.SHARE)
    table = _table(alfa, publish=True)
    assert table.rows[0]["total"].replace("\u00a0", " ") == "43 %"


@pytest.mark.django_db
def test_a_total_more_than_its_cells_is_a_check_naming_both_figures_in_the_office_version(alfa):
    _state(alfa, [("Haninge", "AF", 4), ("Haninge", "FK", 74), ("Haninge", "", 80),
                  ("Tyresö", "AF", 6), ("Tyresö", "FK", 57), ("Tyresö", "", 63)])
    office = stated_tables(ReportParams.for_year(Scope.system(alfa.association), 2022))
    [check] = office.warnings
    assert "Deltagare i projektet" in check and "Haninge" in check
    assert "80" in check and "78" in check and "Tyresö" not in check
    published = stated_tables(ReportParams.for_year(Scope.system(alfa.association), 2022,
                                                     publish=True))
    assert published.warnings == []


@pytest.mark.django_db
def test_a_published_note_gives_no_sum_that_would_give_a_hidden_cell_back(alfa):
    alfa.association.suppression_threshold = 5
    alfa.association.save()
    _state(alfa, [("Haninge", "AF", 2), ("Haninge", "FK", 30), ("Haninge", "", 34),
                  ("Tyresö", "AF", 20), ("Tyresö", "FK", 25), ("Tyresö", "", 45)])
    shown = _table(alfa, publish=True)
    assert shown.rows[0]["c0"] == HIDDEN and shown.rows[0]["total"] == HIDDEN
    # 34 − 30 would be the hidden 2: neither the total nor the sum of the cells is named.
    assert "34" not in shown.note and "32" not in shown.note
    assert "Haninge" in shown.note
    exact = _table(alfa, publish=False)
    assert "34" in exact.note and "32" in exact.note


def _new_with_shares(world, new=633, women=58, men=39):
    """002: "633 nya deltagare varav 58 procent kvinnor och 39 procent män"."""
    common = {"intervention": world.intervention, "period_start": YEAR[0],
              "period_end": YEAR[1], "title": "Nya deltagare", "row": "",
              "source": "Årsredovisning 2022, avsnitt 1.1"}
    StatedCount.objects.create(**common, measure=StatedCount.Measure.NEW, column="", value=new)
    for i, (column, value) in enumerate((("Andel kvinnor", women), ("Andel män", men))):
        StatedCount.objects.create(**common, measure=StatedCount.Measure.NEW_SHARE,
                                   column=column, value=value, position=i)


@pytest.mark.django_db
def test_the_shares_of_the_new_stated_beside_their_count_stand_in_its_table_as_shares(alfa):
    _new_with_shares(alfa)
    office = stated_tables(ReportParams.for_year(Scope.system(alfa.association), 2022))
    [table] = office.tables
    assert [c.label for c in table.columns][1:3] == ["Andel kvinnor", "Andel män"]
    [row] = table.rows
    assert [str(row[k]).replace("\u00a0", " ") for k in ("c0", "c1")] == ["58 %", "39 %"]
    assert row["total"] == 633
    assert "Andel kvinnor, Andel män" in table.note and "avsnitt 1.1" in table.note
    # 58 + 39 is no sum of the 633: no check names a total other than its cells.
    assert office.warnings == []


@pytest.mark.django_db
def test_a_share_beside_a_hidden_count_is_hidden_with_it(alfa):
    alfa.association.suppression_threshold = 5
    alfa.association.save()
    _new_with_shares(alfa, new=3, women=67, men=33)
    [row] = _table(alfa, publish=True).rows
    assert (row["c0"], row["c1"], row["total"]) == (HIDDEN, HIDDEN, HIDDEN)
    [row] = _table(alfa, publish=False).rows
    assert row["total"] == 3


@pytest.mark.django_db
def test_a_share_of_the_new_with_no_column_is_refused_by_the_service(alfa):
    count = StatedCount(intervention=alfa.intervention, period_start=YEAR[0],
                        period_end=YEAR[1], measure=StatedCount.Measure.NEW_SHARE,
                        title="Nya deltagare", value=58, source="Årsredovisning 2022")
    with pytest.raises(ValidationError) as refused:
        save_stated_count(Actor.system(alfa.association), count)
    assert "column" in refused.value.message_dict
    count.value, count.column = 120, "Andel kvinnor"
    with pytest.raises(ValidationError) as refused:
        save_stated_count(Actor.system(alfa.association), count)
    assert "value" in refused.value.message_dict
