"""A group of insatser of a test förbund, so the group pages can be walked."""

from typing import Any

from samsyn.interventions.models import InterventionGroup, TargetGroupStatistic


def extend_world(world: Any) -> None:
    group = InterventionGroup.objects.create(association=world.association,
                                             name="Samverkansteam")
    group.interventions.set([world.intervention, world.other_intervention])
    world.extra["intervention_group"] = group
    world.url_values["group_id"] = group.pk
    statistic = TargetGroupStatistic.objects.create(
        plan=world.plan, group="Långtidsarbetslösa, april 2021", count=1200,
        women_percent=49, men_percent=51, source="Arbetsförmedlingen")
    world.extra["statistic"] = statistic
    world.url_values["statistic_id"] = statistic.pk
