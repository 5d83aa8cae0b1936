"""The plan followed up: which statuses a goal and an activity may have, and the summary of
goal fulfilment a report prints. Plain functions, no ORM."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

GOAL_STATUSES = ("met", "partly", "not_met")
ACTIVITY_STATUSES = ("done", "ongoing", "not_started")


def allowed(kind: str) -> tuple[str, ...]:
    """The statuses of a "goal" or an "activity"."""
    return GOAL_STATUSES if kind == "goal" else ACTIVITY_STATUSES


def fulfilment(statuses: Iterable[str | None], kind: str) -> dict[str, int]:
    """How many goals (or activities) have each status, and how many have none yet."""
    counts = Counter(s if s in allowed(kind) else "" for s in statuses)
    return {**{s: counts[s] for s in allowed(kind)}, "": counts[""]}


# The traffic light of a goal or an activity, by its latest status. The page writes the status
# beside each light, so the colour is never the only sign (WCAG 1.4.1).
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
LIGHTS = {"met": GREEN, "done": GREEN, "partly": YELLOW, "ongoing": YELLOW,
          "not_met": RED, "not_started": RED}


def light(status: str | None) -> str:
    """The light of a status; grey for none (not followed up yet)."""
    return LIGHTS.get(status or "", GREY)


def latest(statuses: dict[int, str]) -> tuple[int, str] | None:
    """The latest follow-up of a goal or activity from its status by half-year: the whole
    year's (half 2) once there is one, else January–June's."""
    for half in (2, 1):
        if statuses.get(half):
            return half, statuses[half]
    return None


def late(due: dt.date | None, status: str | None, today: dt.date) -> bool:
    """An activity is late when its date has passed and it is not done."""
    return due is not None and due < today and status != "done"
