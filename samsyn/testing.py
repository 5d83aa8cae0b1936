"""Two small förbund and the people of each, for tests and benchmarks.

"alfa" is the förbund under test; "beta" is another förbund whose users must never see
anything of alfa's.
"""

import datetime as dt
import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

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
    users: dict[str, User]
    memberships: dict[str, Membership]
    # Objects and URL arguments that other apps add through their testing.extend_world().
    extra: dict[str, Any] = field(default_factory=dict)
    url_values: dict[str, Any] = field(default_factory=dict)


def make_user(username: str) -> User:
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
    activity = Activity.objects.create(focus_area=area, goal=plan_goal,
                                       name="Finansiera individinsatser")
    users = {}
    memberships = {}
    for role in Role:
        user = make_user(f"{slug}-{role.value}")
        users[role.value] = user
        memberships[role.value] = Membership.objects.create(
            user=user, association=association, role=role
        )
    memberships[Role.STAFF].interventions.set([intervention])
    world = World(association, members, population, group, intervention, other, goal, plan,
                  area, plan_goal, activity, users, memberships)
    _extend(world)
    return world


def _extend(world: World) -> None:
    """Let each app add its own rows, so every URL it adds can be walked with real objects.

    An app opts in with a module `<app>/testing.py` defining `extend_world(world)`, which
    creates its objects for world.association, stores them in world.extra and the URL
    arguments of its pages in world.url_values.
    """
    for config in apps.get_app_configs():
        if not config.name.startswith("samsyn.") or config.name == "samsyn.web":
            continue
        try:
            module = importlib.import_module(f"{config.name}.testing")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.testing":
                raise
            continue
        module.extend_world(world)


def second_factor_device(user: User) -> Any:
    """A confirmed TOTP device for user (tests: the key is random, read it from the device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def second_factor_token(user: User) -> str:
    """The code the user's authenticator app would show now."""
    from django_otp.oath import totp

    device = second_factor_device(user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in_verified(client: Any, user: User) -> Any:
    """force_login, with the second factor given, as a real sign-in would leave the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    session.save()
    return client
