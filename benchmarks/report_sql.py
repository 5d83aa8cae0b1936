"""The floor the participants report is measured against: every figure it gives, by hand.

Issue 29 measures the participants report against "one hand-written statement giving all the
figures". `REPORT_SQL` is what an experienced PostgreSQL developer would write for that, for
one förbund's insatser and one period, straight from the base tables (participations, the
reduced participations kept past retention, the monthly counts of insatser kept as counts):
one CTE reads the period's rows once and puts the three tables in one shape; one GROUPING SETS
aggregate over it gives the counts' breakdowns, another the exits' (support by state, gender,
age group), and small aggregates beside them what the register holds, distinct people and the
days in the insats (the bands and a weighted median), all in one result. (Six GROUP BYs over
the CTE instead of the first GROUPING SETS cost the database more: round 26.)
It uses none of Samsyn's summaries (month_summary) or SQL builders (queries.py,
outcome_sql.py); the codes are written out as the report's definitions give them (metrics.py,
outcomes.py, codes.AGE_GROUPS).

`hand_written_figures` runs it and folds its rows (a few hundred) into the report's figures
as a flat dict; `our_figures` gives the same dict from Samsyn's own computation
(queries.compute and outcome_queries.fold, what the report reads); `differences` compares the
two, so that measure.py times only a floor known to do the same work.

What the report shows, and so what the floor gives (docs/benchmarks.md, round 26):
per insats and for all together the new, active and exited by gender, the new by referrer,
the exits by reason, work or studies and step progression (counts and shares), the share to
work or studies by gender, unique participants (distinct people plus each anonymous row's
count); by kommun the new by referrer and the exits by reason; the new by age group and
gender; which insatser held as counts lack a kind of count; which insatser the register holds;
and the outcomes per insats and for all (exits, in work or studies at exit, followed up, in
work or studies at follow-up; support at start by state at exit; the same four by gender and
by age group; the median days in the insats and the duration bands).
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection

from samsyn.participants import metrics, outcome_queries, outcomes, queries
from samsyn.participants.metrics import Period

GENDERS = ("kvinna", "man", "ej_angett")
REFERRERS = ("af", "fk", "kommun", "region", "egen", "annat")
EXIT_REASONS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun", "annan_insats",
                "fortsatt_rehab", "sjukdom", "ovrigt")
WORK_OR_STUDIES = ("arbete", "studier")
STEPS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun")
AGE_GROUPS = ("16-18", "19-24", "25-29", "30-64", "65-66")
OUTCOME_AGES = (*AGE_GROUPS, "other")
SUPPORTS = ("forsorjningsstod", "sjukpenning_rehab", "aktivitetsersattning", "sjukersattning",
            "aktivitetsstod", "a_kassa", "etableringsersattning", "lon", "ingen", "annan",
            "ej_angett")
STATES = ("arbete", "studier", "arbetssokande", "ingen", "annan", "ej_angett")
BANDS = (("0-3", None, 91), ("3-6", 92, 182), ("6-12", 183, 365), ("12-24", 366, 730),
         ("24+", 731, None))
ALL = "*"
KINDS = ("new", "active", "exit")

# One row per participation, reduced participation or monthly count that touches the period:
#   counted  it counts in the period's figures (active in the period; a count of a period
#            within it)
#   new, active, exited  what it counts as (n people each: 1, or a reduced row's or a
#            count's number)
#   ended    it ended in the period: an exit for the outcomes (judged even where its start
#            is recorded after its end)
# A participation is read through the participation_active_until index (insats, end or
# open): it ends in or after the period, and started in it or before, or ended in it.
REPORT_SQL = """
WITH period_rows AS MATERIALIZED (
  SELECT 'p' AS src, p.intervention_id AS insats,
         CASE WHEN p.gender IN ('kvinna', 'man') THEN p.gender ELSE 'ej_angett' END AS gender,
         p.referrer_category AS referrer, p.exit_reason AS reason, p.municipality_id AS kommun,
         CASE WHEN a.years BETWEEN 16 AND 18 THEN '16-18'
              WHEN a.years BETWEEN 19 AND 24 THEN '19-24'
              WHEN a.years BETWEEN 25 AND 29 THEN '25-29'
              WHEN a.years BETWEEN 30 AND 64 THEN '30-64'
              WHEN a.years BETWEEN 65 AND 66 THEN '65-66' ELSE 'other' END AS age,
         p.participant_id AS person, 1 AS n,
         p.start_date <= %(end)s AS counted,
         p.start_date BETWEEN %(start)s AND %(end)s AS new,
         p.start_date <= %(end)s AS active,
         p.start_date <= %(end)s AND p.end_date <= %(end)s AS exited,
         p.end_date <= %(end)s AS ended,
         p.support_at_start AS support, p.occupation_at_exit AS occupation,
         p.followup_date IS NOT NULL AS followed_up,
         p.followup_occupation AS followup_occupation,
         p.end_date - p.start_date + 1 AS days
  FROM participants_participation p
  -- the age at the start (the start's year less the birth year), worked out once
  CROSS JOIN LATERAL (SELECT EXTRACT(YEAR FROM p.start_date)::int - p.birth_year AS years) a
  WHERE p.intervention_id = ANY(%(ids)s)
    AND COALESCE(p.end_date, DATE '9999-12-31') >= %(start)s
    AND (p.start_date <= %(end)s OR p.end_date <= %(end)s)
  UNION ALL
  SELECT 'r', r.intervention_id,
         CASE WHEN r.gender IN ('kvinna', 'man') THEN r.gender ELSE 'ej_angett' END,
         r.referrer_category, r.exit_reason, r.municipality_id,
         CASE WHEN r.age_group IN ('16-18', '19-24', '25-29', '30-64', '65-66')
              THEN r.age_group ELSE 'other' END,
         NULL, r.count,
         r.start_date <= %(end)s, r.start_date BETWEEN %(start)s AND %(end)s,
         r.start_date <= %(end)s, r.start_date <= %(end)s AND r.end_date <= %(end)s,
         r.end_date <= %(end)s,
         r.support_at_start, r.occupation_at_exit,
         -- past retention the follow-up keeps its codes, not its date
         r.followup_occupation <> '' OR r.followup_support <> '', r.followup_occupation,
         r.end_date - r.start_date + 1
  FROM participants_reducedparticipation r
  WHERE r.intervention_id = ANY(%(ids)s) AND r.end_date >= %(start)s
    AND (r.start_date <= %(end)s OR r.end_date <= %(end)s)
  UNION ALL
  SELECT 'c:' || c.kind, c.intervention_id,
         CASE WHEN c.gender IN ('kvinna', 'man') THEN c.gender ELSE 'ej_angett' END,
         c.referrer_category, c.exit_reason, c.municipality_id, c.age_group, NULL, c.count,
         TRUE, c.kind = 'new', c.kind = 'active', c.kind = 'exit', FALSE,
         NULL, NULL, NULL, NULL, NULL
  FROM participants_monthlycount c
  WHERE c.intervention_id = ANY(%(ids)s) AND c.month >= %(start)s AND c.period_end <= %(end)s
),
exits AS (
  -- the outcome's columns of each exit, unknown codes as "ej angett"
  SELECT insats, gender, age, n, days, followed_up,
         CASE WHEN support IN ('forsorjningsstod', 'sjukpenning_rehab', 'aktivitetsersattning',
                               'sjukersattning', 'aktivitetsstod', 'a_kassa',
                               'etableringsersattning', 'lon', 'ingen', 'annan', 'ej_angett')
              THEN support ELSE 'ej_angett' END AS support,
         CASE WHEN occupation IN ('arbete', 'studier', 'arbetssokande', 'ingen', 'annan',
                                  'ej_angett') THEN occupation
              WHEN reason IN ('arbete', 'studier') THEN reason ELSE 'ej_angett' END AS state,
         followed_up AND followup_occupation IN ('arbete', 'studier') AS followed_to_ws
  FROM period_rows WHERE ended
),
lengths AS (
  SELECT insats, days, SUM(n) AS n FROM exits WHERE n > 0
  GROUP BY GROUPING SETS ((insats, days), (days))
),
running AS (
  SELECT insats, days, n, SUM(n) OVER (PARTITION BY insats ORDER BY days) AS upto,
         SUM(n) OVER (PARTITION BY insats) AS total
  FROM lengths
)
SELECT 'counts' AS what, GROUPING(insats, gender, referrer, reason, m.name, age) AS grouping,
       insats, gender, referrer, reason, COALESCE(m.name, '') AS kommun, age,
       NULL AS support, NULL AS state,
       COUNT(*) FILTER (WHERE counted) AS rows_counted,
       SUM(n) FILTER (WHERE new) AS new, SUM(n) FILTER (WHERE active) AS active,
       SUM(n) FILTER (WHERE exited) AS exited,
       SUM(n) FILTER (WHERE exited AND reason IN ('arbete', 'studier')) AS exited_ws,
       SUM(n) FILTER (WHERE active AND src <> 'p') AS anonymous,
       NULL::numeric AS x1, NULL::numeric AS x2
FROM period_rows LEFT JOIN associations_member m ON m.id = period_rows.kommun
GROUP BY GROUPING SETS ((insats, gender), (insats, referrer), (insats, reason),
                        (m.name, referrer), (m.name, reason), (gender, age))
UNION ALL
-- what the register holds of each insats, by source (p, r, c:new, c:active, c:exit)
SELECT 'held', 0, insats, src, NULL, NULL, NULL, NULL, NULL, NULL,
       COUNT(*) FILTER (WHERE counted), 0, 0, 0, 0, 0, NULL, NULL
FROM period_rows GROUP BY insats, src
UNION ALL
SELECT 'people', GROUPING(insats), insats, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       COUNT(DISTINCT person) FILTER (WHERE active), 0, 0, 0, 0, 0, NULL, NULL
FROM period_rows WHERE src = 'p' GROUP BY GROUPING SETS ((insats), ())
UNION ALL
SELECT 'outcomes', GROUPING(insats, gender, age, support, state), insats, gender, NULL, NULL,
       NULL, age, support, state, 0, SUM(n),
       SUM(n) FILTER (WHERE state IN ('arbete', 'studier')),
       SUM(n) FILTER (WHERE followed_up), SUM(n) FILTER (WHERE followed_to_ws), 0, NULL, NULL
FROM exits
GROUP BY GROUPING SETS ((insats, support, state), (insats, gender), (insats, age), (gender),
                        (age), (support, state))
UNION ALL
-- the days in the insats, per insats and for all: bands, and the median weighted by each
-- row's number (the middle one, or the mean of the middle two, of the exits by length)
SELECT 'days', 0, insats, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,
       SUM(n) FILTER (WHERE days <= 91), SUM(n) FILTER (WHERE days BETWEEN 92 AND 182),
       SUM(n) FILTER (WHERE days BETWEEN 183 AND 365),
       SUM(n) FILTER (WHERE days BETWEEN 366 AND 730), SUM(n) FILTER (WHERE days >= 731),
       (MIN(days) FILTER (WHERE upto > floor((total - 1) / 2))
        + MIN(days) FILTER (WHERE upto > floor(total / 2))) / 2.0,
       SUM(n)
FROM running GROUP BY insats
"""


def run(ids: list[int], start: dt.date, end: dt.date) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(REPORT_SQL, {"ids": list(ids), "start": start, "end": end})
        return list(cursor.fetchall())


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


Figures = dict[tuple[Any, ...], Any]


def hand_written_figures(interventions: list[tuple[int, str]], start: dt.date,
                         end: dt.date) -> Figures:
    """REPORT_SQL for the insatser given as (pk, slug), its rows folded into the figures."""
    return fold(run([pk for pk, _slug in interventions], start, end), dict(interventions))


def _bump(found: Figures, key: tuple[Any, ...], n: Any) -> None:
    found[key] = found.get(key, 0) + int(n or 0)


def fold(rows: list[tuple[Any, ...]], slug_of: dict[int, str]) -> Figures:
    """REPORT_SQL's rows as the flat dict of figures `differences` compares."""
    c: Figures = {}            # the counts by their grouping, and the rows counted
    held: dict[str, dict[str, int]] = defaultdict(dict)
    people: dict[str, int] = {}
    outcomes: dict[tuple[Any, ...], tuple[int, ...]] = {}
    days: dict[str, tuple[Any, ...]] = {}
    for (what, grouping, insats, gender, referrer, reason, kommun, age, support, state,
         counted, *numbers, x1, x2) in rows:
        slug = ALL if insats is None else slug_of[insats]
        if what == "counts":
            if not counted:
                continue
            new, active, exited, exited_ws, anonymous = (int(v or 0) for v in numbers)
            if grouping == 0b001111:   # (insats, gender)
                for kind, n in zip(KINDS, (new, active, exited), strict=True):
                    _bump(c, (slug, kind, gender), n)
                    _bump(c, (ALL, kind, gender), n)
                for row in (slug, ALL):
                    _bump(c, (row, "exited_ws", gender), exited_ws)
                    _bump(c, (row, "anonymous"), anonymous)
                c[("shown", slug)] = True
            elif grouping == 0b010111:  # (insats, referrer)
                _bump(c, (slug, "referrer", referrer), new)
                _bump(c, (ALL, "referrer", referrer), new)
            elif grouping == 0b011011:  # (insats, reason)
                _bump(c, (slug, "reason", reason), exited)
                _bump(c, (ALL, "reason", reason), exited)
            elif grouping == 0b110101:  # (kommun, referrer)
                c[("kommun", kommun)] = True
                _bump(c, ("kref", kommun, referrer), new)
                _bump(c, ("kref", kommun), new)
            elif grouping == 0b111001:  # (kommun, reason)
                _bump(c, ("kexit", kommun, reason), exited)
                _bump(c, ("kexit", kommun), exited)
            elif grouping == 0b101110:  # (gender, age)
                _bump(c, ("age", age, gender), new)
        elif what == "held":
            held[slug][gender] = int(counted)
        elif what == "people":
            people[slug] = int(counted)
        elif what == "outcomes":
            shares = tuple(int(v or 0) for v in numbers[:4])
            if grouping == 0b01100:
                outcomes[(slug, "tr", support, state)] = shares
            elif grouping == 0b00111:
                outcomes[(slug, "gender", gender)] = shares
            elif grouping == 0b01011:
                outcomes[(slug, "age", age)] = shares
            elif grouping == 0b11011:
                outcomes[(ALL, "age", age)] = shares
            elif grouping == 0b10111:
                outcomes[(ALL, "gender", gender)] = shares
            else:
                outcomes[(ALL, "tr", support, state)] = shares
        elif what == "days":
            days[slug] = (*numbers, x1, x2)
    return _figures(c, held, people, outcomes, days)


def _figures(c: Figures, held: dict[str, dict[str, int]], people: dict[str, int],
             outcomes: dict[tuple[Any, ...], tuple[int, ...]],
             days: dict[str, tuple[Any, ...]]) -> Figures:
    found: Figures = {}
    shown = sorted(slug for (what, *rest), _v in c.items() if what == "shown" for slug in rest)
    found[("insatser",)] = tuple(shown)
    for row in (*shown, ALL):
        for kind in KINDS:
            counts = [c.get((row, kind, g), 0) for g in GENDERS]
            found |= {(row, kind, g): n for g, n in zip(GENDERS, counts, strict=True)}
            found[(row, kind, "total")] = sum(counts)
        found |= {(row, "referrer", code): c.get((row, "referrer", code), 0)
                  for code in REFERRERS}
        found |= {(row, "reason", code): c.get((row, "reason", code), 0)
                  for code in EXIT_REASONS}
        exited = found[(row, "exit", "total")]
        for name, counted in (("work_or_studies", WORK_OR_STUDIES), ("steps", STEPS)):
            part = sum(c.get((row, "reason", code), 0) for code in counted)
            found[(row, name)] = (part, share(part, exited))
        for g in GENDERS:
            found[(row, "work_share", g)] = share(c.get((row, "exited_ws", g), 0),
                                                  found[(row, "exit", g)])
        found[(row, "work_share", "total")] = share(
            sum(c.get((row, "exited_ws", g), 0) for g in GENDERS), exited)
        found[(row, "unique")] = people.get(row, 0) + c.get((row, "anonymous"), 0)
    kommuner = sorted(k for (what, *rest), _v in c.items() if what == "kommun" for k in rest)
    found[("kommuner",)] = tuple(kommuner)
    for grid, grid_codes in (("kref", REFERRERS), ("kexit", EXIT_REASONS)):
        for kommun in kommuner:
            if c.get((grid, kommun)):  # a kommun with none of it has no row
                found |= {(grid, kommun, code): c.get((grid, kommun, code), 0)
                          for code in grid_codes}
    found |= {("age", a, g): c.get(("age", a, g), 0) for a in AGE_GROUPS for g in GENDERS}
    # Insatser held as counts only in the period that lack a kind of count.
    for kind in KINDS:
        found[("not_given", kind)] = tuple(sorted(
            slug for slug, src in held.items()
            if any(s.startswith("c:") for s in src)
            and not src.get("p") and not src.get("r") and f"c:{kind}" not in src))
    found[("held",)] = tuple(sorted(slug for slug, src in held.items()
                                    if "p" in src or "r" in src))
    with_exits = {key[0] for key, shares in outcomes.items()
                  if key[1] == "tr" and shares[0]}
    for row in with_exits:
        table = [outcomes.get((row, "tr", s, t), (0, 0, 0, 0)) for s in SUPPORTS for t in STATES]
        found[("out", row, "shares")] = tuple(sum(v[i] for v in table) for i in range(4))
        found |= {("out", row, "tr", s, t): outcomes.get((row, "tr", s, t), (0,))[0]
                  for s in SUPPORTS for t in STATES}
        found |= {("out", row, "gender", g): outcomes.get((row, "gender", g), (0, 0, 0, 0))
                  for g in GENDERS}
        found |= {("out", row, "age", a): outcomes.get((row, "age", a), (0, 0, 0, 0))
                  for a in OUTCOME_AGES}
        *bands, median, _n = days[row]
        found |= {("out", row, "band", label): int(n or 0)
                  for (label, _low, _high), n in zip(BANDS, bands, strict=True)}
        found[("out", row, "median")] = None if median is None else Decimal(median)
    return found


def our_figures(interventions: list[tuple[int, str]], start: dt.date, end: dt.date) -> Figures:
    """The same figures from Samsyn's own computation, as the participants report reads them:
    queries.compute's PeriodFigures and outcome_queries' folded exits."""
    period = Period(start, end)
    figures = queries.compute(sorted(interventions), period)
    found: Figures = {}
    shown = sorted(slug for slug in figures.per if slug != ALL)
    found[("insatser",)] = tuple(shown)
    for row in (*shown, ALL):
        f = figures.per[row]
        for kind, counts in (("new", f.new), ("active", f.active), ("exit", f.exited)):
            found |= {(row, kind, g): n for g, n in counts.items()}
        found |= {(row, "referrer", code): n for code, n in f.new_by_referrer.items()}
        found |= {(row, "reason", code): n for code, n in f.exits_by_reason.items()}
        found[(row, "work_or_studies")] = (f.work_or_studies["count"],
                                           f.work_or_studies["share"])
        found[(row, "steps")] = (f.step_progression["count"], f.step_progression["share"])
        found |= {(row, "work_share", g): v
                  for g, v in figures.work_share_by_gender(row).items()}
        found[(row, "unique")] = f.unique_participants
    kommuner = sorted({r.municipality for r in figures.kommun_records})
    found[("kommuner",)] = tuple(kommuner)
    for grid, attribute, codes, measure in (
            ("kref", "referrer", REFERRERS, metrics.is_new),
            ("kexit", "exit_reason", EXIT_REASONS, metrics.is_exited)):
        crossed = metrics.cross(figures.kommun_records, period, lambda r: r.municipality,
                                attribute, codes, measure)
        found |= {(grid, kommun, code): n for kommun, by_code in crossed.items()
                  for code, n in by_code.items()}
    for a in AGE_GROUPS:
        by_gender = metrics.by_gender([r for r in figures.age_records
                                       if r.age_group == a and metrics.is_new(r, period)])
        found |= {("age", a, g): by_gender[g] for g in GENDERS}
    found |= {("not_given", kind): tuple(sorted(figures.not_given.get(kind, [])))
              for kind in KINDS}
    found[("held",)] = tuple(sorted(figures.held))
    per = outcome_queries.fold(figures.exits, OUTCOME_AGES)
    summaries = {slug: s for slug, s in per.items() if s.shares.exited}
    if summaries:
        summaries[ALL] = outcomes.combine(per.values(), OUTCOME_AGES)

    def four(s: outcomes.Shares) -> tuple[int, int, int, int]:
        return (s.exited, s.at_exit, s.followed_up, s.at_followup)

    for row, s in summaries.items():
        found[("out", row, "shares")] = four(s.shares)
        found |= {("out", row, "tr", support, state): n
                  for support, states in s.transitions.items() for state, n in states.items()}
        found |= {("out", row, "gender", g): four(v) for g, v in s.by_gender.items()}
        found |= {("out", row, "age", a): four(v) for a, v in s.by_age.items()}
        found |= {("out", row, "band", label): n for label, n in s.durations.items()}
        found[("out", row, "median")] = s.median_days
    return found


def differences(ours: Figures, theirs: Figures) -> list[str]:
    """Where our figures and the hand-written statement's disagree ([] when they are the
    same), so that the two measured side by side are known to give the same figures."""
    return [f"{key}: ours {ours.get(key, 'missing')!r}, hand-written "
            f"{theirs.get(key, 'missing')!r}"
            for key in sorted(set(ours) | set(theirs), key=repr)
            if ours.get(key, "missing") != theirs.get(key, "missing")]
