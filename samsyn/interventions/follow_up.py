"""The plan followed up: which statuses a goal and an activity may have, and the summary of
goal fulfilment a report prints. Plain functions, no ORM."""

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
