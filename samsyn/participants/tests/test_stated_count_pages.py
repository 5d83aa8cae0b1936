import datetime as dt
import html
import json

import pytest
from django.urls import reverse

from samsyn.associations.models import RemovedRow
from samsyn.audit.models import AuditEntry
from samsyn.participants import demo
from samsyn.participants.models import StatedCount
from samsyn.periods.models import SignedPeriod
from samsyn.periods.services import PeriodLocked


def _url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def _cell(world, **given):
    data = {"intervention": world.intervention.pk, "period_start": "2022-01-01",
            "period_end": "2022-12-31", "measure": "new",
            "title": "Nya deltagare 2022 uppdelade på anvisande part", "row": "",
            "column": "KAA", "category": "kommun", "value": "11",
            "source": "Årsredovisning 2022, bilaga 1", "position": "0", "scope": ""}
    data.update(given)
    return data


def _text(response):
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


def _sign_2022(world):
    SignedPeriod.objects.create(association=world.association, kind="annual-report",
                                start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31),
                                signed_by_name="kansli")


def _stored(world, **given):
    cell = {"intervention": world.intervention, "period_start": dt.date(2022, 1, 1),
            "period_end": dt.date(2022, 12, 31), "measure": "new", "title": "Nya 2022",
            "column": "KAA", "category": "kommun", "value": 11, "source": "Bilaga 1"}
    cell.update(given)
    return StatedCount.objects.create(**cell)


def test_the_office_enters_a_stated_figure_which_is_listed_and_logged(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"), _cell(alfa))
    assert response.status_code == 302
    count = StatedCount.objects.get(intervention=alfa.intervention, column="KAA",
                                    period_start=dt.date(2022, 1, 1))
    assert (count.value, count.category, count.version) == (11, "kommun", 0)
    entry = AuditEntry.objects.filter(object_type="participants.StatedCount",
                                      object_id=str(count.pk)).get()
    assert (entry.action, entry.username, entry.intervention_id) == (
        "save", "alfa-office", alfa.intervention.pk)
    assert json.loads(entry.detail)["created"] is True
    page = _text(client.get(_url(alfa, "stated_count_list")))
    assert "Nya deltagare 2022 uppdelade på anvisande part" in page
    assert "KAA" in page and "Årsredovisning 2022, bilaga 1" in page


def test_a_figure_inside_a_signed_off_year_is_refused_with_the_periods_message(alfa, login):
    _sign_2022(alfa)
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"), _cell(alfa))
    assert response.status_code == 200
    assert "2022-01-01–2022-12-31" in _text(response)
    assert not StatedCount.objects.filter(period_start=dt.date(2022, 1, 1)).exists()


def test_a_figure_of_a_signed_off_year_is_neither_changed_nor_removed(alfa, login):
    count = _stored(alfa)
    _sign_2022(alfa)
    client = login(alfa.users["office"])
    edit = _url(alfa, "stated_count_edit", count.pk)
    response = client.post(edit, {**_cell(alfa, value="12"), "row_version": "0"})
    assert response.status_code == 200 and "2022-01-01–2022-12-31" in _text(response)
    response = client.post(_url(alfa, "stated_count_delete", count.pk), follow=True)
    assert "2022-01-01–2022-12-31" in _text(response)
    count.refresh_from_db()
    assert count.value == 11


def test_a_stale_save_is_refused_with_409_and_keeps_the_other_persons_figure(alfa, login):
    count = _stored(alfa)
    client = login(alfa.users["office"])
    edit = _url(alfa, "stated_count_edit", count.pk)
    opened = client.get(edit).context["form"]
    seen = {"row_version": opened["row_version"].value(),
            "row_seen": opened["row_seen"].value()}
    assert client.post(edit, {**_cell(alfa, value="13"), **seen}).status_code == 302
    response = client.post(edit, {**_cell(alfa, value="14"), **seen})
    assert response.status_code == 409
    assert "Din ändring är inte sparad" in _text(response)
    count.refresh_from_db()
    assert (count.value, count.version) == (13, 1)


def test_a_category_without_a_column_is_refused_naming_the_field(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"), _cell(alfa, column=""))
    assert response.status_code == 200
    assert "Nationell kategori för anvisande part:" in _text(response)
    assert not StatedCount.objects.filter(period_start=dt.date(2022, 1, 1)).exists()


def test_the_same_cell_twice_is_refused_in_swedish(alfa, login):
    _stored(alfa, title="Nya deltagare 2022 uppdelade på anvisande part", source="x")
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"), _cell(alfa))
    assert response.status_code == 200
    assert "Tabellen har redan en siffra" in _text(response)


def test_a_share_above_100_is_refused(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"),
                           _cell(alfa, measure="share", column="", category="", value="143"))
    assert response.status_code == 200
    assert not StatedCount.objects.filter(measure="share").exists()


def test_a_stated_figure_cannot_name_another_associations_insats(alfa, beta, login):
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"),
                           _cell(alfa, intervention=beta.intervention.pk))
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not StatedCount.objects.filter(intervention=beta.intervention,
                                          period_start=dt.date(2022, 1, 1)).exists()


def test_adding_to_a_table_starts_from_its_heading_period_and_next_position(alfa, beta,
                                                                              login):
    count = _stored(alfa, position=3)
    client = login(alfa.users["office"])
    create = _url(alfa, "stated_count_create")
    form = client.get(f"{create}?tabell={count.pk}").context["form"]
    assert form["title"].value() == "Nya 2022" and form["source"].value() == "Bilaga 1"
    assert form["position"].value() == 4 and not form["column"].value()
    # Another förbund's table, or no number at all, gives a blank form.
    theirs = _stored(beta)
    for given in (theirs.pk, "x", "9" * 40):
        blank = client.get(f"{create}?tabell={given}")
        assert blank.status_code == 200 and not blank.context["form"]["title"].value()


def test_the_board_may_not_read_exact_stated_figures(alfa, login):
    client = login(alfa.users["board"])
    assert client.get(_url(alfa, "stated_count_list")).status_code == 403


def test_the_demo_loader_writes_through_the_service_once(alfa):
    held = {"tables": [{"intervention": alfa.intervention.slug,
                        "period": ["2022-01-01", "2022-12-31"], "measure": "new",
                        "title": "Nya 2022", "source": "Bilaga 1",
                        "columns": [["AF", "af"], ["KAA", "kommun"]],
                        "rows": [["", [3, 4], 7]]}]}
    assert demo._stated_counts(alfa.association, held) == 3
    entries = AuditEntry.objects.filter(object_type="participants.StatedCount",
                                        action="save")
    assert entries.count() == 3
    assert {json.loads(e.detail)["via"] for e in entries} == {"command"}
    assert demo._stated_counts(alfa.association, held) == 0


def test_the_demo_loader_is_refused_inside_a_signed_off_year(alfa):
    _sign_2022(alfa)
    held = {"tables": [{"intervention": alfa.intervention.slug,
                        "period": ["2022-01-01", "2022-12-31"], "measure": "share",
                        "title": "Andel", "source": "2.6.1", "columns": [],
                        "rows": [["", [], 43]]}]}
    with pytest.raises(PeriodLocked):
        demo._stated_counts(alfa.association, held)
    assert not StatedCount.objects.filter(measure="share").exists()


def test_a_removed_figure_does_not_come_back_into_a_year_signed_off_since(alfa, login):
    count = _stored(alfa)
    client = login(alfa.users["office"])
    assert client.post(_url(alfa, "stated_count_delete", count.pk)).status_code == 302
    removed = RemovedRow.objects.get(model="participants.StatedCount")
    _sign_2022(alfa)
    response = client.post(_url(alfa, "removed_row_restore", removed.pk), follow=True)
    assert "2022-01-01–2022-12-31" in _text(response)
    assert not StatedCount.objects.filter(pk=count.pk).exists()
    assert RemovedRow.objects.filter(pk=removed.pk).exists()


@pytest.mark.parametrize("field, value", [("value", "9" * 30), ("position", "-1"),
                                          ("period_start", "2022-02-30"),
                                          ("measure", "people"), ("category", "nationell")])
def test_a_hand_made_post_gets_a_field_error_never_a_500(alfa, login, field, value):
    client = login(alfa.users["office"])
    response = client.post(_url(alfa, "stated_count_create"), _cell(alfa, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not StatedCount.objects.filter(intervention=alfa.intervention,
                                          title__startswith="Nya deltagare 2022").exists()
