from django.contrib.auth import authenticate
from django.core.management import call_command

from samsyn.associations.models import Association, Membership
from samsyn.home.setup import DEMO_PASSWORD
from samsyn.interventions.models import Goal, Intervention, PlanYear


def counts():
    return (Association.objects.count(), Intervention.objects.count(), Goal.objects.count(),
            PlanYear.objects.count(), Membership.objects.count())


def test_it_loads_the_three_forbund_of_the_seed_documents(db, capsys):
    call_command("load_demo")
    slugs = set(Association.objects.values_list("slug", flat=True))
    assert slugs == {"stockholms-stad", "samsund", "ostra-sodertorn"}
    assert PlanYear.objects.filter(association__slug="samsund", year=2024).exists()
    assert PlanYear.objects.filter(association__slug="stockholms-stad", year=2022).exists()
    assert PlanYear.objects.filter(association__slug="ostra-sodertorn", year=2017).exists()
    ips = Intervention.objects.get(association__slug="stockholms-stad", slug="ips-psykosvarden")
    assert ips.goals.get(metric="exit_work_or_studies_share").target == 35
    out = capsys.readouterr().out
    assert "ostra-sodertorn.kansli" in out and DEMO_PASSWORD in out


def test_loading_twice_changes_nothing(db, capsys):
    call_command("load_demo")
    before = counts()
    capsys.readouterr()
    call_command("load_demo", "--quiet-logins")
    assert counts() == before
    assert "already up to date" in capsys.readouterr().out


def test_every_demo_login_works_and_staff_keep_named_insatser(db):
    call_command("load_demo", "--quiet-logins")
    for association in Association.objects.all():
        for suffix in ("admin", "kansli", "analytiker", "personal", "styrelse"):
            user = authenticate(username=f"{association.slug}.{suffix}", password=DEMO_PASSWORD)
            assert user is not None
        staff = Membership.objects.get(user__username=f"{association.slug}.personal")
        assert staff.interventions.exists()
        assert all(i.association_id == association.pk for i in staff.interventions.all())
