"""A check against a few periods walks only the staged rows whose dates can reach them."""

import datetime as dt

from samsyn.associations.access import Scope
from samsyn.participants import importing

D = dt.date
HEADER = ("intervention,participant,gender,birth_year,municipality,referrer,start_date,"
          "support_at_start,end_date,exit_reason,uppföljningsdatum,sysselsättning vid "
          "uppföljning")
FIRST = [
    "vagen-vidare,LOK-1,man,1990,,fk,2020-01-10,,2020-06-30,arbete,,",   # before 2022
    "vagen-vidare,LOK-2,man,1990,,fk,2023-02-01,,,,,",                   # after 2022
    "vagen-vidare,LOK-3,man,1990,,fk,2019-05-01,,,,,",                   # open since 2019
    "vagen-vidare,LOK-4,man,1990,,fk,2021-01-10,,2021-03-30,arbete,2022-03-30,studier",
]


def staged(alfa, tmp_path, name, lines, spans):
    seen = {}

    def check(changes, apply):
        near = changes.near(spans)
        seen["sizes"] = (len(near.create), len(near.update))
        seen["create"] = sorted(r.start_date for r in near.create)
        seen["update"] = sorted((old.start_date, row.start_date) for old, row in near.update)
        return []

    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    with path.open("rb") as f:
        summary = importing.import_file(Scope.system(alfa.association), f, name, apply=True,
                                        user=None, check=check)
    assert summary.applied, summary.errors
    return seen


def test_only_new_rows_whose_days_or_follow_up_reach_the_period_are_walked(alfa, tmp_path):
    seen = staged(alfa, tmp_path, "a.csv", FIRST, [(D(2022, 1, 1), D(2022, 12, 31))])
    assert seen["sizes"] == (4, 0)  # the lengths stay those of the whole import
    assert seen["create"] == [D(2019, 5, 1), D(2021, 1, 10)]


def test_a_change_reaches_back_to_the_old_dates_and_no_period_walks_nothing(alfa, tmp_path):
    staged(alfa, tmp_path, "a.csv", FIRST, [])
    # LOK-1 ends later, into 2021; LOK-2 changes its gender only, in 2023.
    changed = [FIRST[0].replace("2020-06-30", "2021-02-28"),
               FIRST[1].replace(",man,", ",kvinna,")]
    seen = staged(alfa, tmp_path, "b.csv", changed, [(D(2021, 1, 1), D(2021, 12, 31))])
    assert seen["update"] == [(D(2020, 1, 10), D(2020, 1, 10))]
    seen = staged(alfa, tmp_path, "c.csv", [FIRST[0].replace("2020-06-30", "2020-07-31")],
                  [(D(2020, 7, 15), D(2020, 7, 15))])
    assert seen["update"] == [(D(2020, 1, 10), D(2020, 1, 10))]
    seen = staged(alfa, tmp_path, "d.csv", [FIRST[2].replace(",man,", ",kvinna,")], [])
    assert seen["sizes"] == (0, 1) and seen["update"] == []
