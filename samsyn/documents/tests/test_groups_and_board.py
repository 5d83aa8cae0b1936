import datetime as dt
from decimal import Decimal

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.models import BoardMeetings, BoardMember
from samsyn.documents.board import board_report, shown_name
from samsyn.documents.groups import added, group_share, intervention_groups
from samsyn.documents.referrals import referral_tables
from samsyn.documents.year_before import year_before
from samsyn.interventions.models import InterventionGroup
from samsyn.participants import queries
from samsyn.participants.models import ReferralCount, StatedFigure
from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import ReportParams


def test_a_group_cell_adds_up_its_members_shown_counts():
    assert added([55, 71, 49]) == 175
    assert added([0, None, 3]) == 3


def test_a_group_cell_is_hidden_where_any_members_cell_is():
    # The sum of a shown and a hidden count would tell the hidden one.
    assert added([55, HIDDEN, 49]) == HIDDEN


def test_a_groups_share_needs_both_counts_shown_and_someone_finished():
    assert group_share(121, 175).quantize(Decimal("0.1")) == Decimal("69.1")
    assert group_share(HIDDEN, 175) is None
    assert group_share(0, 0) is None


@pytest.mark.django_db
def test_a_reader_who_sees_only_some_of_a_groups_interventions_gets_no_group_table(alfa):
    group = InterventionGroup.objects.create(association=alfa.association, name="Teamen")
    group.interventions.set([alfa.intervention, alfa.other_intervention])
    whole = ReportParams.for_year(Scope.system(alfa.association), 2022)
    titles = [t.title for t in intervention_groups(whole).tables]
    assert any(t.startswith("Teamen") for t in titles)
    partial = ReportParams.for_year(
        Scope(alfa.association, intervention_ids=frozenset({alfa.intervention.pk})), 2022)
    assert not [t for t in intervention_groups(partial).tables if t.title.startswith("Teamen")]


def test_a_seat_is_printed_with_party_and_chair_as_002_prints_it():
    seat = BoardMember(name="Ajda Asgari", party="MP", role=BoardMember.Role.CHAIR)
    assert shown_name(seat) == "Ajda Asgari (MP) (ordf)"
    assert shown_name(BoardMember(name="Carina Olsen", role="vice_chair")) == \
        "Carina Olsen (vice ordf)"


@pytest.mark.django_db
def test_the_board_table_pairs_each_member_with_the_substitute_of_the_same_organisation(alfa):
    kommun, region = alfa.members["kommun"], alfa.members["region"]
    # The world's own seat and meetings make way for these.
    alfa.association.board_members.all().delete()
    alfa.association.board_meetings.all().delete()
    for name, organisation, seat in (("A", kommun, "ordinary"), ("B", kommun, "substitute"),
                                     ("C", region, "ordinary")):
        BoardMember.objects.create(association=alfa.association, name=name,
                                   organisation=organisation, seat=seat)
    BoardMeetings.objects.create(association=alfa.association, year=2022, meetings=5)
    report = board_report(ReportParams.for_year(Scope.system(alfa.association), 2022))
    table = report.tables[0]
    pairs = {(r["ordinary"], r["substitute"], r["organisation"]) for r in table.rows}
    assert ("A", "B", kommun.name) in pairs and ("C", "", region.name) in pairs
    assert "5 protokollförda sammanträden under 2022" in table.note


@pytest.mark.django_db
def test_a_figure_stated_for_a_group_is_its_own_table_and_not_the_forbunds(alfa):
    group = InterventionGroup.objects.create(association=alfa.association, name="Teamen")
    group.interventions.set([alfa.intervention, alfa.other_intervention])
    for gender, value in (("", 313), ("kvinna", 127), ("man", 185)):
        StatedFigure.objects.create(association=alfa.association, group=group,
                                    period_start=dt.date(2022, 1, 1),
                                    period_end=dt.date(2022, 12, 31), measure="active",
                                    gender=gender, value=value, source="Bilaga 1")
    params = ReportParams.for_year(Scope.system(alfa.association), 2022)
    stated = [t for t in intervention_groups(params).tables if "uppgett" in t.title]
    assert [(r["kvinna"], r["man"], r["total"]) for r in stated[0].rows] == [(127, 185, 313)]
    assert "Bilaga 1" in stated[0].note
    # The förbund's own totals of the year are not the group's.
    assert "active" not in queries.stated_totals(alfa.association, queries.year(2022))


@pytest.mark.django_db
def test_the_year_before_is_the_stated_figure_where_the_register_holds_nothing_of_it(alfa):
    group = InterventionGroup.objects.create(association=alfa.association, name="Teamen")
    group.interventions.set([alfa.intervention])
    for g, value in ((None, 416), (group, 168)):
        StatedFigure.objects.create(association=alfa.association, group=g,
                                    period_start=dt.date(2020, 1, 1),
                                    period_end=dt.date(2020, 12, 31), measure="new",
                                    value=value, source="Årsredovisning 2021")
    # The test world's register begins in 2022: 2020 is known only as stated.
    report = year_before(ReportParams.for_year(Scope.system(alfa.association), 2021))
    rows = {r["what"]: (r["value"], r["source"]) for r in report.tables[0].rows}
    assert rows["Förbundet"] == (416, "Uppgiven av förbundet: Årsredovisning 2021")
    assert rows["Teamen"][0] == 168


@pytest.mark.django_db
def test_the_year_before_is_counted_where_the_register_holds_it(alfa):
    # The test world states 120 new in 2022, and its register holds 2022.
    stated = StatedFigure.objects.get(association=alfa.association, group=None,
                                      period_start=dt.date(2022, 1, 1), measure="new")
    report = year_before(ReportParams.for_year(Scope.system(alfa.association), 2023))
    row = next(r for r in report.tables[0].rows if r["what"] == "Förbundet")
    assert row["source"] == "Registret" and row["value"] != stated.value


@pytest.mark.django_db
def test_referrals_are_a_table_of_their_own_and_published_without_small_counts(alfa):
    # The world holds 12 women referred from its kommun in 2022; add 2 men from it.
    ReferralCount.objects.create(intervention=alfa.intervention,
                                 period_start=dt.date(2022, 1, 1),
                                 period_end=dt.date(2022, 12, 31),
                                 municipality=alfa.members["kommun"], gender="man", count=2)
    exact = referral_tables(ReportParams.for_year(Scope.system(alfa.association), 2022))
    table = exact.tables[0]
    assert [r["k0"] for r in table.rows] == [12, 2] and table.total["k1"] == 14
    published = referral_tables(ReportParams.for_year(Scope.system(alfa.association), 2022,
                                                      publish=True))
    shown = published.tables[0]
    # The 2 is hidden, and so is a partner in its row and column, so neither gives it away.
    assert shown.rows[1]["k0"] == HIDDEN and shown.rows[1]["k1"] == HIDDEN
    assert HIDDEN in (shown.rows[0]["k0"], shown.total["k0"])
