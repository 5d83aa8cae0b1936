"""No lost update: of two people saving the same row, the second is told what the first
changed, keeps what they typed, and loses nothing of the first's by saving again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from samsyn.associations.models import Membership, Role
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetLine, FinanceSettings
from samsyn.testing import make_user
from samsyn.web.tests.posting import again, fields, signed_in, text


def _second_staff(world):
    user = make_user("alfa-staff-2")
    membership = Membership.objects.create(user=user, association=world.association,
                                           role=Role.STAFF)
    membership.interventions.set([world.intervention])
    return user


# Each record kind an edit form changes: the page and its arguments, who edits it, the row;
# the field the first person changes (shown before, typed, stored after); and the field and
# value the second person changes (None: the form has one field, both change it).
def _cases(world):
    x = world.extra
    finance_settings, _created = FinanceSettings.objects.get_or_create(
        association=world.association)
    return {
        "participation": ("participation_edit", [world.intervention.slug,
                                                 x["participation"].pk], "staff",
                          x["participation"], ("birth_year", "1990", "1991", 1991),
                          ("support_time", "3-5")),
        "intervention": ("intervention_edit", [world.intervention.slug], "office",
                         world.intervention,
                         ("name", "Vägen vidare", "Vägen framåt", "Vägen framåt"),
                         ("budgeted_participants", "40")),
        "member": ("member_edit", [world.members["kommun"].pk], "office",
                   world.members["kommun"], ("name", "Alfa kommun", "Alfa stad", "Alfa stad"),
                   None),
        "population": ("population_edit", [world.members["kommun"].pk, world.population.pk],
                       "office", world.population, ("count", "96000", "97000", 97000),
                       ("date", "2021-12-31")),
        "target group": ("target_group_edit", [world.target_group.pk], "office",
                         world.target_group, ("name", "Unga vuxna", "Unga", "Unga"),
                         ("age_max", "25")),
        "goal": ("goal_edit", [world.intervention.slug, world.goal.pk], "office", world.goal,
                 ("name", "Andel till arbete eller studier", "Andel i arbete",
                  "Andel i arbete"), ("target", "70")),
        "plan": ("plan_edit", [world.plan.year], "office", world.plan,
                 ("title", "Plan 2022", "Verksamhetsplan 2022", "Verksamhetsplan 2022"),
                 ("decided", "2021-12-01")),
        "focus area": ("focus_area_edit", [world.plan.year, world.focus_area.pk], "office",
                       world.focus_area,
                       ("name", "Målområde 1: Individen", "Individen", "Individen"),
                       ("description", "Om individen")),
        "plan goal": ("plan_goal_edit", [world.plan.year, world.plan_goal.pk], "office",
                      world.plan_goal,
                      ("name", "Fler når egen försörjning", "Fler i arbete", "Fler i arbete"),
                      ("description", "Mätt i december")),
        "activity": ("activity_edit", [world.plan.year, world.activity.pk], "office",
                     world.activity,
                     ("name", "Finansiera individinsatser", "Finansiera", "Finansiera"),
                     ("description", "Med kommunerna")),
        "budget line": ("budget_line_edit", [x["budget_line"].pk], "office", x["budget_line"],
                        ("amount", "600 000", "610000", Decimal(610000)),
                        ("label", "Individinsatser")),
        "contribution": ("contribution_edit", [2022, x["contributions"][0].pk], "office",
                         x["contributions"][0], ("invoiced", "(tomt)", "500000",
                                                 Decimal(500000)), None),
        "finance year": ("finance_year_edit", [2022], "office",
                         world.association.finance_years.get(year=2022),
                         ("opening_equity", "200 000", "250000", Decimal(250000)),
                         ("employees", "3")),
        "finance settings": ("finance_settings_edit", [], "office", finance_settings,
                             ("account_plan", "BAS", "kommun-bas", "kommun-bas"),
                             ("esf_presentation", "net")),
        "settings": ("association_edit", [], "office", world.association,
                     ("name", "Samordningsförbundet alfa", "Finsam alfa", "Finsam alfa"),
                     ("retention_years", "8")),
        "referrer": ("referrer_edit", [x["referrer"].pk], "office", x["referrer"],
                     ("label", "Kommunala aktivitetsansvaret", "KAA", "KAA"),
                     ("code", "kaa2")),
        "stated figure": ("stated_edit", [x["stated"].pk], "office", x["stated"],
                          ("value", "120", "125", 125), ("source", "Delårsrapport")),
    }


KINDS = ["participation", "intervention", "member", "population", "target group", "goal",
         "plan", "focus area", "plan goal", "activity", "budget line", "contribution",
         "finance year", "finance settings", "settings", "referrer", "stated figure"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_save_is_refused_with_what_changed_and_loses_nothing(alfa, kind):
    name, args, role, row, (field, old, typed, stored), second = _cases(alfa)[kind]
    url = reverse(name, args=["alfa", *args])
    first_user = alfa.users[role]
    second_user = _second_staff(alfa) if role == "staff" else alfa.users["admin"]
    first = signed_in(first_user)
    other = signed_in(second_user)
    mine, theirs = fields(first.get(url)), fields(other.get(url))
    mine[field] = typed
    theirs.update({second[0]: second[1]} if second else {field: "4" + typed})
    assert first.post(url, mine).status_code == 302
    refused = other.post(url, theirs)

    assert refused.status_code == 409
    form = refused.context["form"]
    label = str(form.fields[field].label)
    choices = dict(type(row)._meta.get_field(field).choices or ())
    if choices:
        new = str(choices[stored])
    elif isinstance(stored, Decimal):
        new = f"{stored:,}".replace(",", " ")
    else:
        new = str(stored)
    assert (f"{first_user.username} ändrade {label[:1].upper() + label[1:]} från {old} till "
            f"{new} medan du redigerade") in text(refused)
    assert "Din ändring är inte sparad" in text(refused)
    # Nothing of the first is lost; nothing of the second is written.
    saved = type(row).objects.get(pk=row.pk)
    assert getattr(saved, field) == stored
    assert saved.version == row.version + 1
    if second is None:  # both changed the one field: the second's input is kept
        assert str(form[field].value()) == "4" + typed
        return
    # What the second person typed is kept; the field they left shows the first's value,
    # so saving again keeps both changes.
    assert str(form[second[0]].value()) == second[1]
    assert str(form[field].value()).removesuffix(".00") == typed
    resent = other.post(url, again(refused))
    assert resent.status_code == 302, text(resent)
    both = type(row).objects.get(pk=row.pk)
    assert getattr(both, field) == stored and both.version == row.version + 2
    assert str(both._meta.get_field(second[0]).value_from_object(both)).removesuffix(
        ".00") == second[1]


def test_the_audit_log_says_who_changed_which_fields(alfa):
    line = alfa.extra["budget_line"]
    url = reverse("budget_line_edit", args=["alfa", line.pk])
    office = signed_in(alfa.users["office"])
    data = fields(office.get(url))
    data["amount"] = "1000"
    assert office.post(url, data).status_code == 302
    entry = AuditEntry.objects.filter(object_type="finance.BudgetLine",
                                      object_id=str(line.pk)).latest("pk")
    assert entry.action == "save" and entry.username == "alfa-office"
    assert '"fields": ["amount"]' in entry.detail and '"version": 1' in entry.detail


def test_a_script_without_the_version_field_still_saves(alfa, login):
    line = alfa.extra["budget_line"]
    url = reverse("budget_line_edit", args=["alfa", line.pk])
    client = login(alfa.users["office"])
    data = fields(client.get(url))
    del data["row_version"], data["row_seen"]
    data["amount"] = "700000"
    assert client.post(url, data).status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).version == 1


def test_a_save_that_changes_nothing_writes_nothing(alfa, login):
    member = alfa.members["fk"]
    url = reverse("member_edit", args=["alfa", member.pk])
    client = login(alfa.users["office"])
    before = AuditEntry.objects.count()
    assert client.post(url, fields(client.get(url))).status_code == 302
    member.refresh_from_db()
    assert member.version == 0 and AuditEntry.objects.count() == before


def test_the_month_of_counts_is_one_version(alfa):
    insats = alfa.other_intervention
    insats.aggregate_only = True
    insats.save()
    url = reverse("monthly_counts", args=["alfa", insats.slug]) + "?month=2022-03"
    first = signed_in(alfa.users["office"])
    other = signed_in(alfa.users["admin"])
    mine, theirs = fields(first.get(url)), fields(other.get(url))
    mine["new__man__af"] = "5"
    theirs["exit__kvinna__arbete"] = "2"
    assert first.post(url, mine).status_code == 302
    refused = other.post(url, theirs)
    assert refused.status_code == 409
    assert "alfa-office ändrade" in text(refused) and "från 3 till 5" in text(refused)
    counts = {(c.kind, c.gender, c.referrer_category or c.exit_reason): c.count
              for c in insats.monthly_counts.filter(month=dt.date(2022, 3, 1))}
    assert counts == {("new", "man", "af"): 5}
    resent = other.post(url, again(refused))
    assert resent.status_code == 302
    counts = {(c.kind, c.gender, c.referrer_category or c.exit_reason): c.count
              for c in insats.monthly_counts.filter(month=dt.date(2022, 3, 1))}
    assert counts == {("new", "man", "af"): 5, ("exit", "kvinna", "arbete"): 2}
