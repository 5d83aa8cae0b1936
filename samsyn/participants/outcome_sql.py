"""The outcome columns as SQL: what outcomes.py defines over records, per row of the register.

Shared by the one statement that reads a period's rows (queries.py) and by outcome_queries.py,
which folds the grouped rows into outcomes.Summary.
"""

from collections.abc import Sequence

from django.db import connection

from samsyn.participants.outcomes import NOT_RECORDED, STATES, SUPPORTS, WORK_OR_STUDIES


def codes(values: Sequence[str]) -> str:
    # The codes are outcomes.py's own constants, never input.
    return ", ".join(f"'{v}'" for v in values)


def days(table: str) -> str:
    """Days in the insats, both ends counted (outcomes.days_in)."""
    if connection.vendor == "postgresql":
        return f"({table}.end_date - {table}.start_date + 1)"
    return f"(CAST(julianday({table}.end_date) - julianday({table}.start_date) AS INTEGER) + 1)"


def state(table: str) -> str:
    """outcomes.exit_state: the occupation at exit, else a work or studies exit reason."""
    return (f"CASE WHEN {table}.occupation_at_exit IN ({codes(STATES)}) "
            f"THEN {table}.occupation_at_exit "
            f"WHEN {table}.exit_reason IN ({codes(sorted(WORK_OR_STUDIES))}) "
            f"THEN {table}.exit_reason ELSE '{NOT_RECORDED}' END")


def support(table: str) -> str:
    """outcomes.start_support."""
    return (f"CASE WHEN {table}.support_at_start IN ({codes(SUPPORTS)}) "
            f"THEN {table}.support_at_start ELSE '{NOT_RECORDED}' END")


def followed(table: str) -> str:
    """1 where the exit was followed up. Past retention a reduced row keeps the follow-up's
    codes, not its date: a row with a follow-up code counts as followed up (services.reduce)."""
    if table == "r":
        return ("CASE WHEN (r.followup_occupation <> '' OR r.followup_support <> '') "
                "THEN 1 ELSE 0 END")
    return f"CASE WHEN {table}.followup_date IS NOT NULL THEN 1 ELSE 0 END"


def followed_to_work_or_studies(table: str) -> str:
    ws = codes(sorted(WORK_OR_STUDIES))
    if table == "r":
        return (f"CASE WHEN (r.followup_occupation <> '' OR r.followup_support <> '') "
                f"AND r.followup_occupation IN ({ws}) THEN 1 ELSE 0 END")
    return (f"CASE WHEN {table}.followup_date IS NOT NULL AND {table}.followup_occupation "
            f"IN ({ws}) THEN 1 ELSE 0 END")
