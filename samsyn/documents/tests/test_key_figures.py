"""Results in figures (002 1.1): a share of 0 is a figure, not "no figure"; a published
report's stated totals by gender give no hidden part away."""

import datetime as dt

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations.access import Scope
from samsyn.documents.builders import key_figures
from samsyn.participants.models import Participant, Participation, StatedFigure
from samsyn.participants.outcome_report import _no_records_table
from samsyn.publication import periods as publication
from samsyn.reports.document import NO_FIGURE, ReportParams

D = dt.date


def _share_row(world, year):
    with translation.override("en"):
        table = key_figures(ReportParams.for_year(Scope.system(world.association), year)).tables[0]
    return next(r for r in table.rows if "work or studies" in str(r["what"]))


def test_nobody_to_work_or_studies_of_those_who_finished_is_0_percent(alfa):
    person = Participant.objects.create(association=alfa.association, pseudonym="p")
    Participation.objects.create(
        intervention=alfa.intervention, participant=person, gender="man", birth_year=1990,
        referrer="af", referrer_category="af", start_date=dt.date(2023, 2, 1),
        end_date=dt.date(2023, 5, 31), exit_reason="sjukdom")
    assert _share_row(alfa, 2023)["value"] == "0 %"


def test_a_year_nobody_finished_has_no_share(alfa):
    assert _share_row(alfa, 2023)["value"] == NO_FIGURE


# A published report's stated totals by gender: no hidden part can be worked out.

def _stated(world, measure, total, **by_gender):
    for gender, value in [("", total), *by_gender.items()]:
        StatedFigure.objects.create(association=world.association, period_start=D(2023, 1, 1),
                                    period_end=D(2023, 12, 31), measure=measure, gender=gender,
                                    value=value, source="Årsredovisning 2023")


def _note(world, publish):
    with translation.override("en"):
        table = key_figures(ReportParams.for_year(Scope.system(world.association), 2023,
                                                  publish=publish)).tables[0]
    return table, table.note


def test_a_published_gender_split_hides_a_partner_beside_one_small_part(alfa):
    _stated(alfa, "exit", 40, kvinna=3, man=37)
    _table, published = _note(alfa, publish=True)
    _table, office = _note(alfa, publish=False)
    assert "Finished participations x women, x men" in published
    assert "37" not in published.split("by gender:")[1]
    assert "Finished participations 3 women, 37 men" in office


def test_parts_that_do_not_add_up_to_the_total_hide_only_their_small_ones(alfa):
    _stated(alfa, "exit", 12, kvinna=3)  # the document gave the women's figure only
    table, published = _note(alfa, publish=True)
    exits = next(r for r in table.rows if r["_key"] == "exited")
    assert exits["value"] == 12  # no part can be worked out from it
    assert "Finished participations x women" in published
    with translation.override("en"):
        sentence = _no_records_table(
            ReportParams.for_year(Scope.system(alfa.association), 2023, publish=True)).note
    assert "stated 12 finished participations" in sentence


def test_a_small_stated_count_to_work_or_studies_gives_no_share(alfa):
    _stated(alfa, "exit", 50)
    _stated(alfa, "work_or_studies", 2)  # 4 % of 50 would tell the 2
    table, _published = _note(alfa, publish=True)
    # Published, no stated share stands: the register's (nobody finished there) does.
    assert next(r for r in table.rows if r["_key"] == "work_share")["value"] == NO_FIGURE
    table, _office = _note(alfa, publish=False)
    assert next(r for r in table.rows if r["_key"] == "work_share")["value"] == "4 %"


def test_two_small_parts_that_add_up_to_a_small_count_take_a_third_with_them(alfa):
    _stated(alfa, "exit", 104, kvinna=3, man=1, ej_angett=100)
    _table, published = _note(alfa, publish=True)
    assert "Finished participations x women, x men, x gender not stated" in published


def test_large_parts_of_a_published_split_all_show(alfa):
    _stated(alfa, "active", 90, kvinna=50, man=40)
    table, published = _note(alfa, publish=True)
    assert "Active participants 50 women, 40 men" in published
    assert next(r for r in table.rows if r["_key"] == "active")["value"] == 90


@given(parts=st.dictionaries(st.sampled_from(["kvinna", "man", "ej_angett"]),
                             st.integers(0, 40), min_size=1),
       with_total=st.booleans(), more=st.sampled_from([0, 0, 1, 7]),
       threshold=st.integers(3, 10))
def test_no_published_split_leaves_one_hidden_cell_in_its_line(parts, with_total, more,
                                                                threshold):
    # `more`: a total above the parts' sum (a gender the document did not split out).
    total = sum(parts.values()) + more if with_total else None
    hidden = publication.stated_split(total, parts, threshold, publish=True)
    # The total shows as stated_count shows it: hidden where small.
    total_hidden = publication.stated_count(total, threshold, publish=True) == "x"
    if total is not None and not more:  # one line: a single hidden cell would show
        assert len(hidden) + total_hidden != 1
        if hidden and not total_hidden:  # nor may the hidden parts add up to a small count
            assert not 0 < sum(parts[g] for g in hidden) < threshold
    else:  # no equation: the small parts only
        assert hidden == {g for g, n in parts.items() if 0 < n < threshold}
    assert {g for g, n in parts.items() if 0 < n < threshold} <= hidden
    assert publication.stated_split(total, parts, threshold, publish=False) == set()
