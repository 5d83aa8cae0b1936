"""The demo carries 002 Bilaga 1's tables for the teams for young adults."""

import json
from io import StringIO

from django.core.management import call_command

from samsyn.participants.models import Participation


def test_the_demo_gives_the_annual_reports_figures_and_loads_once(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    count = Participation.objects.count()
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    assert Participation.objects.count() == count
    out = StringIO()
    call_command("report", "participants", "--association", "ostra-sodertorn", "--year",
                 "2022", stdout=out)
    data = json.loads(out.getvalue())
    # 002: 182 new in 2022; 121 of the 175 who finished went on to work or studies, 69 %.
    assert data["total"]["new"]["total"] == 182
    assert data["total"]["exited"]["total"] == 175
    assert data["total"]["work_or_studies"] == {"count": 121, "share": "0.6914"}
    by_team = {e["intervention"]: e for e in data["interventions"]}
    assert by_team["ung-i-nynas"]["new_by_referrer"]["egen"] == 33
    assert by_team["ung-i-tyreso"]["exits_by_reason"]["studier"] == 25
    assert by_team["ungdomsteamet-haninge"]["new"]["total"] == 60
