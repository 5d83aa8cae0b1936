"""The database adds up what figures.by_county says: the same roll-up from the published rows
as from the snapshots' JSON, per län and for the nation, to the last cell, öre and decimal.

Snapshots are generated and written through the services that write them in use (published,
published again, withdrawn, imported from a signed file); runs on whichever database the tests
use (SQLite by default, PostgreSQL with DATABASE_URL).
"""

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.models import Association
from samsyn.national import figures as f
from samsyn.national import queries, services, signing
from samsyn.national.models import Figure, Snapshot

YEAR = 2022
PRIVATE, PUBLIC = signing.new_key()
ORIGIN = "Installationen i norr"

cells = st.one_of(st.integers(0, 10_000), st.sampled_from(["<5", "<3"]))
amounts = st.one_of(
    st.builds(lambda n, places: str(Decimal(n).scaleb(-places)),
              st.integers(-10**11, 10**11), st.integers(0, 2)),
    st.sampled_from(["0", "0.00", "-0.00", "1E+2", "12.5", "999999999999.99"]),
)
question_codes = st.sampled_from(["P1", "P2", "P10", "F3", "Lokal fråga"])


@st.composite
def published_figures(draw: Any) -> dict[str, Any]:
    people: dict[str, Any] = {section: {code: draw(cells) for code in codes}
                              for section, codes in f.SECTIONS.items()}
    people["work_or_studies"] = draw(cells)
    lines = {category: {"budget": draw(amounts), "outcome": draw(amounts)}
             for category in draw(st.sets(st.sampled_from(f.ECONOMY_CATEGORIES), max_size=5))}
    indicators = {}
    for code in draw(st.sets(question_codes, max_size=3)):
        answers = draw(st.integers(0, 500))
        indicators[code] = {"answers": answers, "positive": draw(st.integers(0, answers))}
    figures = {"format": f.FORMAT, "threshold": 5, "participants": people,
               "economy": {"lines": lines,
                           "result": {"budget": draw(amounts), "outcome": draw(amounts)}},
               "indicators": indicators}
    assert f.check(figures, "generated") == []
    return figures


counties = st.sampled_from(["01", "03", "25", ""])  # "": a förbund that has given no län
local = st.fixed_dictionaries({
    "county": counties, "figures": published_figures(),
    # Published once before (replaced now), or withdrawn after: neither may leave rows behind.
    "earlier": st.none() | published_figures(), "withdrawn": st.booleans(),
})
imported = st.fixed_dictionaries({"county": counties, "figures": published_figures()})


class Rollback(Exception):
    pass


def plain(up: f.Rollup) -> dict[str, Any]:
    """A roll-up with its amounts as the strings the API gives, so "180.00" ≠ "180" here."""
    return {"members": up.members, "people": up.people, "work": up.work_or_studies,
            "economy": {k: {key: str(v) for key, v in sums.items()}
                        for k, sums in up.economy.items()},
            "result": {k: str(v) for k, v in up.result.items()},
            "indicators": up.indicators}


def publish(association: Association, figures: dict[str, Any]) -> None:
    with mock.patch.object(services, "snapshot_figures", return_value=figures):
        services.publish(association, YEAR)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(local, max_size=6), st.lists(imported, max_size=4),
       st.lists(published_figures(), max_size=2))
def test_the_database_adds_up_what_the_plain_functions_say(db, settings, found_local,
                                                            found_imported, other_years):
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"{ORIGIN} {PUBLIC}"
    try:
        with transaction.atomic():
            for i, entry in enumerate(found_local):
                association = Association.objects.create(
                    slug=f"lokal-{i}", name=f"Förbund {i}", county=entry["county"])
                if entry["earlier"] is not None:
                    publish(association, entry["earlier"])
                publish(association, entry["figures"])
                if entry["withdrawn"]:
                    services.withdraw(association, YEAR)
            if found_imported:
                services.import_signed(signing.sign({"year": YEAR, "associations": [
                    # The same short names as the local ones: another source, other förbund.
                    {"slug": f"lokal-{i}", "name": f"Förbund {i} i norr",
                     "county": entry["county"], "figures": entry["figures"]}
                    for i, entry in enumerate(found_imported)]}, PRIVATE, "Norr"))
            for i, figures in enumerate(other_years):  # other years count for nothing here
                publish(Association.objects.create(slug=f"annat-ar-{i}", name=f"Annat {i}"),
                        figures)
                Snapshot.objects.filter(slug=f"annat-ar-{i}").update(year=YEAR - 1 - i)
            snapshots = list(Snapshot.objects.filter(year=YEAR))
            expected = f.by_county((s.county, s.figures) for s in snapshots)
            found = queries.year_rollup(YEAR)
            raise Rollback
    except Rollback:
        pass
    assert len(snapshots) == (sum(not e["withdrawn"] for e in found_local)
                              + len(found_imported))
    expected_counties, expected_nation = expected
    counties_found, nation = found
    assert list(counties_found) == list(expected_counties)
    for county, up in expected_counties.items():
        assert plain(counties_found[county]) == plain(up)
    assert plain(nation) == plain(expected_nation)
    assert nation == expected_nation


def test_a_year_nobody_published_adds_up_to_nothing(db):
    counties, nation = queries.year_rollup(YEAR)
    assert counties == {}
    assert plain(nation) == plain(f.roll_up([]))


def test_withdrawing_or_deleting_leaves_no_rows_behind(alfa, settings):
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"{ORIGIN} {PUBLIC}"
    services.publish(alfa.association, YEAR)
    per_snapshot = Figure.objects.count()
    assert per_snapshot == len(f.rows(Snapshot.objects.get().figures))
    services.withdraw(alfa.association, YEAR)
    assert not Figure.objects.exists()
    # A förbund with nothing else in it can be deleted; its published figures go with it.
    gone = Association.objects.create(slug="nedlagt", name="Nedlagt förbund", county="01")
    empty = f.from_reports({}, {}, {}, 5)
    publish(gone, empty)
    assert Figure.objects.count() == len(f.rows(empty)) > 0
    gone.delete()
    assert not Figure.objects.exists()
    services.import_signed(signing.sign({"year": YEAR, "associations": [
        {"slug": "x", "name": "X", "county": "01", "figures": alfa_figures(alfa)}]},
        PRIVATE, "Norr"))
    assert Figure.objects.count() == per_snapshot
    Snapshot.objects.all().delete()
    assert not Figure.objects.exists()


def alfa_figures(world: Any) -> dict[str, Any]:
    return services.snapshot_figures(world.association, YEAR)


def test_a_file_naming_a_förbund_twice_adds_up_its_last_figures(db, settings):
    settings.SAMSYN_NATIONAL_TRUSTED_KEYS = f"{ORIGIN} {PUBLIC}"
    first, last = f.from_reports({}, {}, {}, 5), f.from_reports({}, {}, {}, 5)
    last["participants"]["new"]["total"] = 42
    services.import_signed(signing.sign({"year": YEAR, "associations": [
        {"slug": "x", "name": "X", "county": "01", "figures": figures}
        for figures in (first, last)]}, PRIVATE, "Norr"))
    assert Snapshot.objects.get().figures == last
    _counties, nation = queries.year_rollup(YEAR)
    assert nation.members == 1
    assert nation.people["new"]["total"] == f.Sum(42, 0)


def test_publishing_again_replaces_the_rows(alfa):
    services.publish(alfa.association, YEAR)
    before = sorted(Figure.objects.values_list("section", "code", "number", "hidden"))
    services.publish(alfa.association, YEAR)
    assert sorted(Figure.objects.values_list("section", "code", "number", "hidden")) == before


def test_an_amount_finer_than_öre_is_refused():
    figures = f.from_reports({}, {}, {}, 5)
    figures["economy"]["result"]["outcome"] = "10.005"
    assert f.check(figures, "x") == ['x.economy.result.outcome: "10.005" is not an amount']



def test_an_indicator_code_longer_than_a_question_code_is_refused():
    figures = f.from_reports({}, {}, {}, 5)
    figures["indicators"] = {"C2": {"answers": 4, "positive": 3},
                             "X" * 3000: {"answers": 1, "positive": 1}}
    faults = f.check(figures, "x")
    assert len(faults) == 1 and "1 to 20 characters" in faults[0] and len(faults[0]) < 80

def test_the_migration_files_existing_snapshots_as_the_services_do(alfa):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("samsyn.national.migrations.0002_figures_as_rows")
    services.publish(alfa.association, YEAR)
    snapshot = Snapshot.objects.get()
    snapshot.figures["economy"]["lines"]["esf"] = {"budget": "1E+2", "outcome": "-12.5"}
    snapshot.save()
    Figure.objects.all().delete()
    migration.figures_as_rows(apps, None)
    assert (sorted(Figure.objects.values_list("section", "code", "number", "hidden", "places"))
            == sorted(f.rows(snapshot.figures)))


@pytest.mark.parametrize("text, ore, places", [
    ("100.00", 10000, 2), ("-0.00", 0, 2), ("1E+2", 10000, 0), ("12.5", 1250, 1), ("7", 700, 0),
])
def test_an_amount_is_held_in_öre_with_the_decimals_it_was_written_with(text, ore, places):
    figures = f.from_reports({}, {}, {}, 5)
    figures["economy"]["result"]["budget"] = text
    assert ("result", "budget", ore, False, places) in f.rows(figures)
