"""The plan as a tree of målområden, mål and aktiviteter (an activity under one of its area's
goals or under the area alone), each goal and activity with the
light of its latest follow-up, its responsible person and date, and its comments.

Reads the plan in a fixed number of statements (areas, goals, activities, follow-ups, comment
counts), whatever its size.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from samsyn.interventions.follow_up import GREY, late, latest, light
from samsyn.interventions.models import Activity, FocusArea, FollowUp, PlanGoal, PlanYear


@dataclass(frozen=True)
class Light:
    colour: str  # green, yellow, red or grey (follow_up.LIGHTS)
    text: str  # the status in words: the page always shows it beside the colour
    half: int | None  # the half-year followed up: 1 January–June, 2 the whole year

    @property
    def when(self) -> str:
        if self.half is None:
            return ""
        return _("January–June") if self.half == 1 else _("the whole year")


@dataclass
class ActivityNode:
    activity: Activity
    light: Light
    late: bool
    comments: int


@dataclass
class GoalNode:
    goal: PlanGoal
    light: Light
    comments: int
    activities: list[ActivityNode] = field(default_factory=list)


@dataclass
class AreaNode:
    area: FocusArea
    goals: list[GoalNode] = field(default_factory=list)
    # The area's activities under no goal (001 lists them beside the goals, not under one).
    activities: list[ActivityNode] = field(default_factory=list)


@dataclass
class Tree:
    areas: list[AreaNode]
    # How many goals (and activities) have each colour, for the summary above the tree.
    goal_lights: dict[str, int]
    activity_lights: dict[str, int]


def _light(statuses: dict[int, str]) -> Light:
    found = latest(statuses)
    if found is None:
        return Light(GREY, _("Not followed up"), None)
    half, status = found
    return Light(light(status), str(FollowUp.Status(status).label).capitalize(), half)


def plan_tree(plan: PlanYear, today: dt.date) -> Tree:
    areas = list(plan.focus_areas.all())
    goals = list(PlanGoal.objects.filter(focus_area__plan=plan)
                 .annotate(n_comments=Count("comments")))
    activities = list(Activity.objects.filter(focus_area__plan=plan)
                      .select_related("responsible__user")
                      .annotate(n_comments=Count("comments")))
    goal_status: dict[int, dict[int, str]] = defaultdict(dict)
    activity_status: dict[int, dict[int, str]] = defaultdict(dict)
    for goal_id, half, status in FollowUp.objects.filter(
            plan_goal__focus_area__plan=plan).values_list("plan_goal_id", "half", "status"):
        goal_status[goal_id][half] = status
    for activity_id, half, status in FollowUp.objects.filter(
            activity__focus_area__plan=plan).values_list("activity_id", "half", "status"):
        activity_status[activity_id][half] = status
    area_nodes = {a.pk: AreaNode(a) for a in areas}
    goal_nodes: dict[int, GoalNode] = {}
    for g in goals:
        node = GoalNode(g, _light(goal_status[g.pk]), g.n_comments)
        goal_nodes[g.pk] = node
        area_nodes[g.focus_area_id].goals.append(node)
    activity_nodes: list[ActivityNode] = []
    for a in activities:
        statuses = activity_status[a.pk]
        found = latest(statuses)
        activity_node = ActivityNode(a, _light(statuses),
                                     late(a.due, found[1] if found else None, today),
                                     a.n_comments)
        activity_nodes.append(activity_node)
        (goal_nodes[a.goal_id] if a.goal_id is not None
         else area_nodes[a.focus_area_id]).activities.append(activity_node)
    return Tree(
        areas=[area_nodes[a.pk] for a in areas],
        goal_lights=dict(Counter(n.light.colour for n in goal_nodes.values())),
        activity_lights=dict(Counter(n.light.colour for n in activity_nodes)),
    )
