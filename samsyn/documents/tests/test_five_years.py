"""The documents' five-year inflow: each year's new participants as that year's report counts
them, and no figure, not 0, for the years before the register holds anything."""

import datetime as dt

from samsyn.associations.access import Scope
from samsyn.documents.builders import NO_FIGURE
from samsyn.participants.models import Participant, Participation
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def _inflow(world, year, publish=False):
    report = build_report(get_kind("annual-report"), Scope.system(world.association), year,
                          publish=publish)
    table = next(t for t in report.tables if t.columns[0].key == "year"
                 and any(c.key == "new" for c in t.columns))
    return {row["year"]: None if row["new"] == NO_FIGURE else row["new"]
            for row in table.rows}


def _new(world, year):
    report = build_report(get_kind("participants"), Scope.system(world.association), year)
    return report.data["total"]["new"]["total"]


def test_years_before_the_register_begins_have_no_figure(alfa):
    # The test förbund's first records are of 2022: a participation and a count of 3 new.
    assert _new(alfa, 2022) == 4
    assert _inflow(alfa, 2023) == {"2019": None, "2020": None, "2021": None, "2022": 4,
                                   "2023": 0}
    published = _inflow(alfa, 2023, publish=True)
    assert [published[y] for y in ("2019", "2020", "2021")] == [None, None, None]


def test_a_year_with_records_but_nobody_new_is_zero_and_each_year_counts_its_own(alfa):
    person = Participant.objects.create(association=alfa.association, pseudonym="fem-år")
    Participation.objects.create(intervention=alfa.intervention, participant=person,
                                 gender="man", birth_year=1990, referrer="af",
                                 referrer_category="af", start_date=dt.date(2019, 5, 1),
                                 end_date=dt.date(2019, 9, 1))
    inflow = _inflow(alfa, 2023)
    assert inflow["2019"] == 1
    assert inflow["2020"] == inflow["2021"] == 0
    assert inflow["2022"] == _new(alfa, 2022)
