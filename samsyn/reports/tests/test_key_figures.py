"""Results in figures (002 1.1): a share of 0 is a figure, not "no figure"."""

import datetime as dt

from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.participants.models import Participant, Participation
from samsyn.reports.document import NO_FIGURE, ReportParams
from samsyn.reports.reports import key_figures


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
