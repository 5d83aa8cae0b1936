"""Two small förbund and the people of each, for tests and benchmarks.

"alfa" is the förbund under test; "beta" is another förbund whose users must never see
anything of alfa's.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from samsyn.associations.models import Association, Member, Membership, Population, Role
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    Goal,
    Intervention,
    PlanGoal,
    PlanYear,
    TargetGroup,
)

PASSWORD = "test-password-123"  # noqa: S105


@dataclass
class World:
    association: Association
    members: dict[str, Member]
    population: Population
    target_group: TargetGroup
    intervention: Intervention
    other_intervention: Intervention
    goal: Goal
    plan: PlanYear
    focus_area: FocusArea
    plan_goal: PlanGoal
    activity: Activity
    users: dict[str, AbstractBaseUser]
    memberships: dict[str, Membership]


def make_user(username: str) -> AbstractBaseUser:
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def make_world(slug: str) -> World:
    association = Association.objects.create(slug=slug, name=f"Samordningsförbundet {slug}")
    members = {
        "fk": Member.objects.create(association=association, name="Försäkringskassan",
                                    kind="state"),
        "region": Member.objects.create(association=association, name="Region Test",
                                        kind="region"),
        "kommun": Member.objects.create(association=association, name=f"{slug.title()} kommun",
                                        kind="kommun"),
    }
    population = Population.objects.create(member=members["kommun"], date=dt.date(2021, 11, 1),
                                           count=96000)
    group = TargetGroup.objects.create(association=association, name="Unga vuxna",
                                       age_min=16, age_max=29)
    intervention = Intervention.objects.create(
        association=association, slug="vagen-vidare", name="Vägen vidare", kind="individual",
        start=dt.date(2021, 1, 1), run_by=members["kommun"], public=True,
    )
    intervention.municipalities.set([members["kommun"]])
    intervention.target_groups.set([group])
    other = Intervention.objects.create(
        association=association, slug="samverkan", name="Samverkan i nätverk",
        kind="structural", start=dt.date(2022, 1, 1), end=dt.date(2023, 12, 31),
    )
    goal = Goal.objects.create(
        intervention=intervention, name="Andel till arbete eller studier",
        metric="exit_work_or_studies_share", target=Decimal(65), unit="percent", year=2022,
    )
    plan = PlanYear.objects.create(association=association, year=2022, title="Plan 2022",
                                   decided=dt.date(2021, 11, 25))
    area = FocusArea.objects.create(plan=plan, name="Målområde 1: Individen")
    plan_goal = PlanGoal.objects.create(focus_area=area, name="Fler når egen försörjning")
    activity = Activity.objects.create(goal=plan_goal, name="Finansiera individinsatser")
    users = {}
    memberships = {}
    for role in Role:
        user = make_user(f"{slug}-{role.value}")
        users[role.value] = user
        memberships[role.value] = Membership.objects.create(
            user=user, association=association, role=role
        )
    memberships[Role.STAFF].interventions.set([intervention])
    return World(association, members, population, group, intervention, other, goal, plan,
                 area, plan_goal, activity, users, memberships)
