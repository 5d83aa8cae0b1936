"""Django admin shows the plan's records to a superuser and writes none of them: the plan's
one write path is interventions.services (audited, versioned, the plan's token moved)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.interventions.models import Goal, Intervention, PlanYear, TargetGroup
from samsyn.testing import PASSWORD


def _root(login):
    return login(get_user_model().objects.create_superuser("root", "root@example.se", PASSWORD))


def test_a_superuser_sees_an_insats_in_the_admin_and_cannot_change_it(alfa, login):
    client = _root(login)
    insats = Intervention.objects.filter(association=alfa.association).first()
    url = reverse("admin:interventions_intervention_change", args=[insats.pk])
    page = client.get(url)
    assert page.status_code == 200 and insats.name in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    logged = AuditEntry.objects.count()
    answer = client.post(url, {"name": "Ändrad i admin", "slug": insats.slug})
    assert answer.status_code == 403
    insats.refresh_from_db()
    assert insats.name != "Ändrad i admin"
    assert AuditEntry.objects.count() == logged


def test_no_plan_record_can_be_added_or_deleted_in_the_admin(alfa, login):
    client = _root(login)
    for model in (Intervention, TargetGroup, PlanYear):
        name = model._meta.model_name
        assert client.get(reverse(f"admin:interventions_{name}_add")).status_code == 403
        row = model.objects.first()
        if row is not None:
            url = reverse(f"admin:interventions_{name}_delete", args=[row.pk])
            assert client.post(url, {"post": "yes"}).status_code == 403
            assert model.objects.filter(pk=row.pk).exists()
    goals = Goal.objects.count()
    insats = Intervention.objects.filter(association=alfa.association).first()
    client.post(reverse("admin:interventions_intervention_change", args=[insats.pk]),
                {"goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0",
                 "goals-0-metric": "new", "goals-0-target": "1"})
    assert Goal.objects.count() == goals
