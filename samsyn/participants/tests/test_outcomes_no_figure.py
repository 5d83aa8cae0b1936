"""Outcomes say "no figure", not 0, where the register holds no participations to judge by;
a true 0 (participations, nobody finished) stays 0.

The test förbund (samsyn/participants/testing.py) holds, in 2022, one open participation of
"vagen-vidare" and only monthly counts of "samverkan"; in 2021 it holds nothing.
"""

import datetime as dt

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations.access import Scope
from samsyn.participants import outcome_queries
from samsyn.participants.models import (
    Participant,
    Participation,
    ReducedParticipation,
    StatedFigure,
)
from samsyn.publication import periods as publication
from samsyn.reports.document import NO_FIGURE
from samsyn.reports.registry import get_kind
from samsyn.reports.render import FORMATS, drawn
from samsyn.reports.services import build_report

D = dt.date


def _report(world, kind, year, publish=False):
    return build_report(get_kind(kind), Scope.system(world.association), year, publish=publish)


def _table(report, column):
    """The outcome table that has a column of this key (titles are translated)."""
    return next(t for t in report.tables if any(c.key == column for c in t.columns))


NAMES = {"vagen-vidare": "Vägen vidare", "samverkan": "Samverkan i nätverk"}


def _row(table, slug):
    return next(r for r in table.rows if NAMES[slug] in (r.get("name"), r.get("intervention")))


def _exit(world, intervention, end, occupation="arbete", name="x"):
    person = Participant.objects.create(association=world.association, pseudonym=name)
    Participation.objects.create(
        intervention=intervention, participant=person, gender="man", birth_year=1990,
        referrer="af", referrer_category="af", start_date=D(2022, 1, 10), end_date=end,
        exit_reason=occupation, occupation_at_exit=occupation)


def test_the_register_holds_an_insats_in_a_period_where_a_participation_overlaps_it(alfa):
    insatser = alfa.association.interventions.all()
    assert outcome_queries.held(insatser, D(2022, 1, 1), D(2022, 12, 31)) == {"vagen-vidare"}
    assert outcome_queries.held(insatser, D(2021, 1, 1), D(2021, 12, 31)) == set()
    ReducedParticipation.objects.create(
        intervention=alfa.other_intervention, start_date=D(2019, 1, 1),
        end_date=D(2019, 6, 30), gender="man", age_group="30-64", referrer_category="af",
        exit_reason="arbete", count=6)
    # An exit before the period is no participation of it; one within is.
    assert outcome_queries.held(insatser, D(2021, 1, 1), D(2021, 12, 31)) == set()
    assert outcome_queries.held(insatser, D(2019, 6, 1), D(2019, 6, 30)) == {"samverkan"}


def test_a_period_without_participations_shows_a_sentence_not_tables_of_zeros(alfa):
    StatedFigure.objects.create(association=alfa.association, period_start=D(2021, 1, 1),
                                period_end=D(2021, 12, 31), measure="exit", value=41,
                                source="Årsredovisning 2021")
    StatedFigure.objects.create(association=alfa.association, period_start=D(2021, 1, 1),
                                period_end=D(2021, 12, 31), measure="work_or_studies",
                                value=17, source="Årsredovisning 2021")
    with translation.override("sv"):
        report = _report(alfa, "participants", 2021)
    assert not any(c.key in {"exit_share", "fu_share", "median", "met_exit"}
                   for t in report.tables for c in t.columns)
    sentence = next(t for t in report.tables if not t.columns)
    assert "Registret har inga deltaganden" in sentence.note
    assert "41 avslutade deltaganden" in sentence.note and "17" in sentence.note
    assert report.data["outcomes"]["records"] is False
    assert report.data["outcomes"]["total"] is None
    # The outcome charts have nothing to draw: they are left out, not drawn as empty axes.
    with translation.override("en"):
        titles = {c.title for c in _report(alfa, "participants", 2021).charts}
    assert "From social assistance to work or studies, per intervention" not in titles
    assert not any(t.startswith("Share in work or studies at exit") for t in titles)


def test_the_sentence_renders_in_every_format(alfa):
    report = _report(alfa, "participants", 2021)
    sentence = next(t for t in report.tables if not t.columns)
    html = FORMATS["html"].render(report)
    assert sentence.note in html and "<th scope=\"col\"></th>" not in html
    for name in ("pdf", "xlsx", "docx"):
        assert FORMATS[name].render(report)


def test_an_insats_without_participations_has_no_figure_and_one_without_exits_a_true_zero(
        alfa):
    report = _report(alfa, "participants", 2022)
    shares = _table(report, "exit_share")
    # vagen-vidare holds an open participation: nobody finished, and that is a real 0.
    assert _row(shares, "vagen-vidare")["exited"] == 0
    assert shares.total["exited"] == 0
    # samverkan is kept as counts only: its outcomes are not known.
    assert _row(shares, "samverkan")["exited"] == NO_FIGURE
    assert _row(shares, "samverkan")["exit_share"] == NO_FIGURE
    assert NO_FIGURE in shares.note
    duration = _table(report, "median")
    assert _row(duration, "samverkan")["total"] == NO_FIGURE
    assert _row(duration, "vagen-vidare")["total"] == 0
    # The transitions table of the whole förbund is a true grid of zeros.
    transitions = _table(report, "arbete")
    assert transitions.total["total"] == 0
    by_insats = {e["intervention"]: e for e in report.data["outcomes"]["interventions"]}
    assert by_insats["vagen-vidare"]["records"] is True
    assert by_insats["vagen-vidare"]["exited"] == 0
    assert by_insats["samverkan"]["records"] is False
    assert by_insats["samverkan"]["exited"] is None


def test_real_outcomes_still_show_beside_an_insats_without_participations(alfa):
    _exit(alfa, alfa.intervention, D(2022, 6, 30))
    report = _report(alfa, "participants", 2022)
    shares = _table(report, "exit_share")
    assert _row(shares, "vagen-vidare")["exited"] == 1
    assert _row(shares, "vagen-vidare")["exit_count"] == 1
    assert shares.total["exited"] == 1
    assert _row(shares, "samverkan")["exited"] == NO_FIGURE
    goals = _table(report, "met_exit")
    mine = _row(goals, "vagen-vidare")
    assert mine["at_exit"] == 100
    # The charts draw the insats with participations only.
    assert all("Samverkan i nätverk" not in c.labels for c in report.charts[-1:])


def test_a_published_report_shows_no_figure_for_an_insats_without_participations(alfa):
    _exit(alfa, alfa.intervention, D(2022, 6, 30))
    # samverkan has participations in the second half only: the first half has no figure
    # of it, and its exit there is still a small count to hide.
    _exit(alfa, alfa.other_intervention, D(2022, 11, 30), name="y")
    Participation.objects.filter(intervention=alfa.other_intervention).update(
        start_date=D(2022, 9, 1))
    first_half = build_report(get_kind("participants"), Scope.system(alfa.association), 2022,
                              start=D(2022, 1, 1), end=D(2022, 6, 30))
    assert _row(_table(first_half, "exit_share"), "samverkan")["exited"] == NO_FIGURE
    published_half = build_report(get_kind("participants"), Scope.system(alfa.association),
                                  2022, start=D(2022, 1, 1), end=D(2022, 6, 30), publish=True)
    half = _table(published_half, "exit_share")
    assert _row(half, "samverkan")["exited"] == NO_FIGURE
    # The one exit of vagen-vidare is hidden, and the total cannot give it back.
    assert _row(half, "vagen-vidare")["exited"] == "x"
    assert half.total["exited"] == "x"
    year = _report(alfa, "participants", 2022, publish=True)
    shares = _table(year, "exit_share")
    assert _row(shares, "samverkan")["exited"] == "x"
    assert _row(shares, "vagen-vidare")["exited"] == "x"
    assert NO_FIGURE not in {v for r in shares.rows for v in r.values()}


def test_the_annual_report_of_a_year_without_participations_draws_no_empty_chart(alfa):
    report = _report(alfa, "annual-report", 2021)
    assert any(not t.columns and t.note for t in report.tables)
    # A chart whose every value is no figure (a share of nobody) is not drawn at all: the
    # document leaves it out of its sections, and the renderer would not draw it either.
    assert not [c for c in report.charts if all(v is None for v in c.values)]
    participants = _report(alfa, "participants", 2021)
    empty = [c for c in participants.charts if all(v is None for v in c.values)]
    assert empty
    html = FORMATS["html"].render(report)
    assert html.count('<figure class="chart"') == len(drawn(report))
    assert not any(f"<figcaption>{c.title}" in html for c in empty)


def test_no_figure_is_the_same_in_every_language_so_a_frozen_version_compares(alfa):
    from samsyn.reports.versions import changes, figures_of

    with translation.override("sv"):
        report = _report(alfa, "annual-report", 2022)
        frozen = figures_of(report)
    assert NO_FIGURE in frozen.values()
    with translation.override("en"):
        assert changes(frozen, _report(alfa, "annual-report", 2022)) == []


def test_an_exit_recorded_with_its_start_after_its_end_still_counts_as_held(alfa):
    person = Participant.objects.create(association=alfa.association, pseudonym="odd")
    Participation.objects.create(
        intervention=alfa.other_intervention, participant=person, gender="man",
        birth_year=1990, referrer="af", referrer_category="af", start_date=D(2021, 8, 1),
        end_date=D(2021, 3, 31), exit_reason="arbete", occupation_at_exit="arbete")
    insatser = alfa.association.interventions.all()
    assert outcome_queries.held(insatser, D(2021, 1, 1), D(2021, 6, 30)) == {"samverkan"}


def _stated_2021(alfa, exits, work):
    for measure, value in (("exit", exits), ("work_or_studies", work)):
        StatedFigure.objects.create(association=alfa.association, period_start=D(2021, 1, 1),
                                    period_end=D(2021, 12, 31), measure=measure, value=value,
                                    source="Årsredovisning 2021")


def test_a_published_sentence_leaves_out_work_or_studies_where_its_complement_is_small(alfa):
    _stated_2021(alfa, exits=12, work=10)  # 2 finished to something else
    with translation.override("sv"):
        published = next(t for t in _report(alfa, "participants", 2021, publish=True).tables
                         if not t.columns)
        office = next(t for t in _report(alfa, "participants", 2021).tables if not t.columns)
    assert "12 avslutade deltaganden" in published.note and "10" not in published.note
    assert "12 avslutade deltaganden" in office.note and "varav 10 till" in office.note


@given(exits=st.integers(0, 60), less=st.integers(0, 60), threshold=st.integers(3, 10))
def test_a_shown_stated_work_never_leaves_a_small_complement(exits, less, threshold):
    work = max(exits - less, 0)
    shown = publication.stated_work(exits, work, threshold, publish=True)
    if shown is not None:
        assert exits - shown == 0 or exits - shown >= threshold
    assert publication.stated_work(exits, work, threshold, publish=False) == work


def test_a_version_keeps_each_insats_under_its_own_row_when_another_insats_gains_one(alfa):
    """Rows keyed by their place would shift when an insats earlier in name order gets its
    first exit, and a frozen version would then report one insats's figures as another's."""
    from samsyn.reports.versions import changes, figures_of

    def exit_in_2023(intervention, name):
        person = Participant.objects.create(association=alfa.association, pseudonym=name)
        Participation.objects.create(
            intervention=intervention, participant=person, gender="man", birth_year=1990,
            referrer="af", referrer_category="af", start_date=D(2023, 2, 1),
            end_date=D(2023, 5, 31), exit_reason="arbete", occupation_at_exit="arbete")

    exit_in_2023(alfa.intervention, "a")
    with translation.override("sv"):
        frozen = figures_of(_report(alfa, "participants", 2023))
        # "Samverkan i nätverk" comes before "Vägen vidare": its new rows go first.
        exit_in_2023(alfa.other_intervention, "b")
        found = changes(frozen, _report(alfa, "participants", 2023))
    assert found, "the new exit is a change"
    assert not [c for c in found if NAMES["vagen-vidare"] in c.where], found


def test_a_version_frozen_before_rows_had_keys_still_compares_by_place(alfa):
    from samsyn.reports import versions

    report = _report(alfa, "annual-report", 2022)
    kept = {"__format__": 2, **{k: v for k, _w, v in versions._cells(report, 2)}}
    assert versions.changes(kept, _report(alfa, "annual-report", 2022)) == []
