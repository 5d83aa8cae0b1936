"""What is due and when: the dates of the reports, and the state of a report, a period's
figures and a survey round on a given day. Plain functions over dates, no ORM
(docs/the-year.md).
"""

import calendar
import datetime as dt

# How long before a report's date its reminder goes, and how near its closing a survey round
# counts as closing.
REPORT_NOTICE_DAYS = 30
SURVEY_CLOSING_DAYS = 14
# Days after a period's end before its missing figures are reminded of: the staff enter the
# last days' exits and the month's counts in the first days of the next month.
PERIOD_GRACE_DAYS = 10
# Periods that ended longer ago than this are not reminded of again and again.
PERIOD_REMINDED_DAYS = 400

DECIDED, UPCOMING, DUE, OVERDUE = "decided", "upcoming", "due", "overdue"
IN, MISSING, RUNNING, FUTURE, OUTSIDE = "in", "missing", "running", "future", "outside"
TO_SEND, CLOSING, OPEN, CLOSED = "to_send", "closing", "open", "closed"


def on(year: int, month: int, day: int) -> dt.date:
    """The day of the month, or the month's last day where it is shorter (31 → 30 April,
    29 February in a year without one → 28)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def half_year_due(year: int, month: int, day: int) -> dt.date:
    """The half-year report of `year` (January–June) is due that day of the same year."""
    return on(year, month, day)


def annual_due(year: int, month: int, day: int) -> dt.date:
    """The annual report of `year` is due that day of the year after."""
    return on(year + 1, month, day)


def report_state(period_end: dt.date, due: dt.date, decided: dt.date | None,
                 today: dt.date) -> str:
    """decided; upcoming while its period runs; due once the period has ended; overdue after
    its date."""
    if decided is not None:
        return DECIDED
    if today <= period_end:
        return UPCOMING
    return OVERDUE if today > due else DUE


def period_state(start: dt.date, end: dt.date, runs_from: dt.date, runs_to: dt.date | None,
                 has_figures: bool, today: dt.date) -> str:
    """Whether an insats running from `runs_from` to `runs_to` has its figures for a period:
    outside (it did not run then), in, running or future (not ended yet), else missing."""
    if runs_from > end or (runs_to is not None and runs_to < start):
        return OUTSIDE
    if has_figures:
        return IN
    if today < start:
        return FUTURE
    if today <= end:
        return RUNNING
    return MISSING


def survey_state(closes: dt.date, invited: int, today: dt.date) -> str:
    """closed after its last day; to_send while no one is invited; closing in its last
    SURVEY_CLOSING_DAYS days; else open."""
    if today > closes:
        return CLOSED
    if invited == 0:
        return TO_SEND
    if (closes - today).days < SURVEY_CLOSING_DAYS:
        return CLOSING
    return OPEN


def report_reminder(state: str, due: dt.date, today: dt.date) -> str:
    """Which reminder of a report to send today: "soon" within REPORT_NOTICE_DAYS of its
    date, "overdue" after it, "" none."""
    if state == OVERDUE:
        return "overdue"
    if state == DUE and (due - today).days <= REPORT_NOTICE_DAYS:
        return "soon"
    return ""


def period_reminded(state: str, end: dt.date, today: dt.date) -> bool:
    """A missing period is reminded of from PERIOD_GRACE_DAYS after its end, for a year."""
    return (state == MISSING
            and PERIOD_GRACE_DAYS <= (today - end).days <= PERIOD_REMINDED_DAYS)
