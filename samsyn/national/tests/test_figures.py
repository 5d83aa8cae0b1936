"""Adding up published figures: sums with hidden cells are lower bounds, never more."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations.association_file import COUNTY_CODES
from samsyn.associations.models import County
from samsyn.finance.categories import Category
from samsyn.national import figures as f


def test_the_plain_code_lists_match_the_models_choices():
    assert set(f.ECONOMY_CATEGORIES) == set(Category.values)
    assert set(COUNTY_CODES) == set(County.values)
    assert len(County.values) == 21


@given(st.lists(st.tuples(st.integers(0, 500), st.booleans()), max_size=40))
def test_a_sum_with_hidden_cells_is_a_lower_bound_of_the_true_sum(cells):
    published = [f"<{5}" if hide else value for value, hide in cells]
    total = f.add(published)
    true_sum = sum(value for value, _hide in cells)
    assert total.known <= true_sum
    assert total.exact == (not any(hide for _value, hide in cells))
    if total.exact:
        assert total.known == true_sum
    # The bound is exactly what the visible cells say: nothing a hidden cell holds goes in.
    assert total.known == sum(value for value, hide in cells if not hide)


def _participants(new_women, new_men, exits):
    gender = {"kvinna": new_women, "man": new_men, "ej_angett": 0, "total": "<5"}
    return {
        "total": {
            "new": gender, "active": gender, "exited": gender,
            "exits_by_reason": {code: exits.get(code, 0) for code in f.EXIT_REASONS},
            "new_by_referrer": dict.fromkeys(f.REFERRERS, 0),
            "work_or_studies": {"count": 12, "share": "0.5"},
        }
    }


BUDGET = {"lines": [{"line": "contribution:FK", "budget": "100.00", "outcome": "90.00"},
                    {"line": "individual:x", "budget": "50", "outcome": None},
                    {"line": "unknown:y", "budget": "7", "outcome": "7"}],
          "result": {"budget": "50.00", "outcome": "90.00"}}
INDICATORS = {"rounds": [
    {"too_few": False, "questions": [
        {"code": "P1", "local": False, "current": {"answers": 10, "positive": "0.7000"}},
        {"code": "L1", "local": True, "current": {"answers": 10, "positive": "1.0000"}}]},
    {"too_few": True, "questions": [
        {"code": "P1", "local": False, "current": None}]},
]}


def test_a_snapshot_keeps_the_published_cells_and_drops_local_questions():
    figures = f.from_reports(_participants(7, "<5", {"arbete": 9, "studier": "<5"}), BUDGET,
                             INDICATORS, threshold=5)
    assert f.check(figures, "x") == []
    assert figures["participants"]["new"] == {"kvinna": 7, "man": "<5", "ej_angett": 0,
                                              "total": "<5"}
    assert figures["participants"]["exits_by_reason"]["studier"] == "<5"
    assert figures["economy"]["lines"]["contribution"] == {"budget": "100.00",
                                                           "outcome": "90.00"}
    assert "unknown" not in figures["economy"]["lines"]
    assert figures["indicators"] == {"P1": {"answers": 10, "positive": 7}}


def test_the_nation_adds_up_exact_cells_and_bounds_the_rest():
    one = f.from_reports(_participants(7, 20, {"arbete": 9}), BUDGET, INDICATORS, 5)
    two = f.from_reports(_participants("<5", 30, {"arbete": 4}), BUDGET, INDICATORS, 5)
    up = f.roll_up([one, two])
    assert up.members == 2
    assert up.people["new"]["man"] == f.Sum(50, 0)
    assert up.people["new"]["kvinna"] == f.Sum(7, 1)
    assert up.people["exits_by_reason"]["arbete"] == f.Sum(13, 0)
    assert up.result["outcome"] == Decimal("180.00")
    assert up.positive_share("P1") == Decimal("0.7000")
    # The exited total is hidden, so no share can honestly be given.
    assert up.work_or_studies_share is None


def test_a_tampered_snapshot_shape_is_named_where_it_is_wrong():
    figures = f.from_reports(_participants(7, 20, {}), BUDGET, INDICATORS, 5)
    figures["participants"]["new"]["man"] = -3
    figures["economy"]["result"]["budget"] = "NaN"
    figures["indicators"]["P1"]["positive"] = 11
    faults = f.check(figures, "associations[0].figures")
    assert "associations[0].figures.participants.new.man: -3 is not a count" in faults
    assert any(x.startswith("associations[0].figures.economy.result.budget") for x in faults)
    assert any(x.startswith("associations[0].figures.indicators.P1") for x in faults)
    assert f.check([], "x") == ["x: must be an object"]


CELL = st.one_of(st.integers(0, 1000), st.just("<5"))


@st.composite
def snapshots(draw):
    participants = {"total": {
        section: {code: draw(CELL) for code in codes} for section, codes in f.SECTIONS.items()
    }}
    participants["total"]["work_or_studies"] = {"count": draw(CELL)}
    return f.from_reports(participants, BUDGET, INDICATORS, 5)


@given(st.lists(st.tuples(st.sampled_from(["01", "03", "25"]), snapshots()), max_size=12))
def test_the_nation_is_the_same_added_by_county_or_all_at_once(published):
    by_county = {}
    for county, figures in published:
        by_county.setdefault(county, []).append(figures)
    nation = f.combine(f.roll_up(group) for group in by_county.values())
    at_once = f.roll_up(figures for _county, figures in published)
    assert nation == at_once
    # Every sum is a lower bound exactly when a hidden cell went into it.
    for section, codes in f.SECTIONS.items():
        for code in codes:
            cells = [figures["participants"][section][code] for _c, figures in published]
            assert nation.people[section][code].exact == (not any(map(f.is_hidden, cells)))
