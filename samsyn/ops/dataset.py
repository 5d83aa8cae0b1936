"""A synthetic national installation for benchmarks: many förbund, years of records.

Deterministic from its seed, and shaped like the country rather than like a benchmark:

- **Sizes.** Each förbund has one to eight kommuner whose populations are drawn from a
  log-normal around 25 000 inhabitants (2 500 to 600 000, the spread of Swedish kommuner), and
  its share of the participations is its inhabitants times an activity factor (log-normal,
  σ 0.35: some förbund run more insatser per inhabitant than others). No real förbund's figures
  are used: the shape comes from the population alone, so with 76 förbund the largest holds a
  few percent of the participations, not a sixth.
- **Time.** Participations arrive month by month over the years (a little more each year,
  fewer in July) and are written in that order, interleaved across förbund, so a förbund's
  rows are spread over the table as a real installation's are (the physical correlation of
  the förbund with the row order is low) and ids grow with the arrival.
- **Open and long.** Most participations last months (log-normal around 200 days), some run
  for years, and a few are never closed (left open from an earlier year, as forgotten ones are).
- **Retention.** Participations closed before the retention limit (`retention_years` before
  the end of the last year) are kept only as ReducedParticipation counts per month and
  category, grouped as `participants.services.reduce_expired` groups them; a participant left
  with no participation is not written.
- **Counts.** About a third of the förbund with three insatser or more keep one as counts only
  (`aggregate_only`): MonthlyCount rows of new, active and exited per month and gender.

Each förbund also has the state and region members, insatser, budgets and outcome per year,
contributions and a yearly participant survey with answers. Participants are pseudonyms of
random local codes, hashed as the import hashes them: nothing is derived from a personnummer.

Participations, participants and reduced participations are streamed: COPY on PostgreSQL
(psycopg's cursor.copy), batched INSERTs elsewhere, with ids given here so no row is read back.
"""

import datetime as dt
import math
import random
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from samsyn.associations.models import Association, Member, Population
from samsyn.finance.models import BudgetLine
from samsyn.interventions.models import Intervention
from samsyn.participants import queries
from samsyn.participants.codes import age_group
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReducedParticipation,
    month_end,
)
from samsyn.participants.services import pseudonymiser
from samsyn.surveys.models import Answer, Question, Response, Round, Template

GENDERS = (("kvinna", 52), ("man", 46), ("ej_angett", 2))
REFERRERS = (("af", 30), ("fk", 20), ("kommun", 30), ("region", 10), ("egen", 5),
             ("annat", 5))
EXITS = (("arbete", 22), ("studier", 8), ("ordinarie_af", 10), ("ordinarie_kommun", 7),
         ("annan_insats", 8), ("fortsatt_rehab", 15), ("sjukdom", 10), ("ovrigt", 20))
SUPPORT = (("forsorjningsstod", 30), ("sjukpenning_rehab", 15), ("aktivitetsersattning", 12),
           ("sjukersattning", 5), ("aktivitetsstod", 15), ("a_kassa", 5),
           ("etableringsersattning", 5), ("ingen", 10), ("annan", 3))
SUPPORT_TIME = (("<1", 20), ("1-3", 35), ("3-5", 20), ("5-9", 15), ("9+", 10))
OCCUPATION_START = (("ingen", 55), ("arbetssokande", 35), ("studier", 5), ("annan", 5))
OCCUPATION_AFTER = {"arbete": "arbete", "studier": "studier", "ordinarie_af": "arbetssokande",
                    "ordinarie_kommun": "arbetssokande"}
KINDS = ("Steget", "Vägen vidare", "Framåt", "Arbetsträning", "Unga in", "Hälsa och arbete",
         "Språk och jobb", "Nystart", "Samverkan", "Kompassen")
PLACES = ("Norr", "Söder", "Öster", "Väster", "Dal", "Berg", "Sjö", "Skog", "Slätt", "Kust",
          "Älv", "Ås", "Näs", "Holm", "Vik", "Hed", "Mo", "Fors", "By", "Lund")
REDUCED_CODES = ("gender", "municipality_id", "referrer_category", "exit_reason",
                 "support_at_start", "occupation_at_start", "occupation_at_exit",
                 "support_at_exit", "followup_occupation", "followup_support")
REDUCED_COLUMNS = ("intervention_id", "start_date", "end_date", "age_group", *REDUCED_CODES,
                   "count")
COPY_COLUMNS = ("id", "intervention_id", "participant_id", "gender", "birth_year",
                "municipality_id", "referrer", "referrer_category", "start_date",
                "support_at_start", "support_time", "consent_date", "end_date", "exit_reason",
                "occupation_at_start", "occupation_at_exit", "support_at_exit", "followup_date",
                "followup_occupation", "followup_support")


@dataclass(frozen=True)
class Plan:
    associations: int
    participations: int
    years: int
    seed: int
    last_year: int = 2025
    # Participations closed more than this many whole years before the end of the last year
    # are reduced to counts (0: none are).
    retention_years: int = 5


@dataclass
class Summary:
    associations: int = 0
    interventions: int = 0
    participants: int = 0
    participations: int = 0
    reduced: int = 0
    reduced_rows: int = 0
    monthly_counts: int = 0
    largest: str = ""
    median: str = ""
    largest_share: float = 0.0


class Chooser:
    """Weighted choice by bisection over cumulative weights: fast enough for millions."""

    def __init__(self, rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> None:
        self.rng = rng
        self.values = [v for v, _w in weighted]
        self.cumulative = list(accumulate(w for _v, w in weighted))

    def __call__(self) -> Any:
        return self.rng.choices(self.values, cum_weights=self.cumulative)[0]


def sizes(total: int, parts: int, rng: random.Random, skew: float = 0.9) -> list[int]:
    """total split over parts, the k-th largest in proportion to 1/k^skew, shuffled."""
    weights = [1 / (k + 1) ** skew for k in range(parts)]
    whole = sum(weights)
    found = [int(total * w / whole) for w in weights]
    found[0] += total - sum(found)
    rng.shuffle(found)
    return found


def split(total: int, weights: Sequence[float]) -> list[int]:
    """total split in proportion to the weights, whole numbers summing to total (the largest
    remainders get the rest)."""
    whole = sum(weights)
    if not weights or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    found = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: found[i] - exact[i])[:total - sum(found)]:
        found[i] += 1
    return found


def shares(inhabitants: Sequence[int], rng: random.Random) -> list[float]:
    """Each förbund's share of the participations: its inhabitants times how active it is."""
    weights = [people * math.exp(rng.gauss(0, 0.35)) for people in inhabitants]
    whole = sum(weights)
    return [w / whole for w in weights]


def months(first_year: int, last_year: int) -> list[dt.date]:
    return [dt.date(y, m, 1) for y in range(first_year, last_year + 1) for m in range(1, 13)]


def month_weights(first_year: int, last_year: int) -> list[float]:
    """How many arrive in each month: a little more each year, fewer in the summer."""
    season = {6: 0.8, 7: 0.4, 8: 0.9, 12: 0.7}
    return [(1 + 0.04 * (m.year - first_year)) * season.get(m.month, 1.0)
            for m in months(first_year, last_year)]


def generate(plan: Plan, say: Callable[[str], None] = lambda _s: None) -> Summary:
    rng = random.Random(plan.seed)
    first_year = plan.last_year - plan.years + 1
    limit = (dt.date(plan.last_year - plan.retention_years + 1, 1, 1) if plan.retention_years
             else dt.date.min)
    summary = Summary()
    with transaction.atomic():
        existing = Association.objects.filter(slug__startswith="gen-").count()
        made = [_association(rng, existing + n, first_year, plan.last_year)
                for n in range(plan.associations)]
        summary.associations = len(made)
        summary.interventions = sum(len(m[2]) for m in made)
        per_association = split(plan.participations,
                                shares([sum(p for _m, p in m[1]) for m in made], rng))
        next_participant = (Participant.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        next_participation = (Participation.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        people = People(next_participant)
        streams = []
        counts: list[MonthlyCount] = []
        for (association, kommuner, insatser), count in zip(made, per_association, strict=True):
            kept = [i for i in insatser if not i.aggregate_only]
            counts += _monthly_counts(rng, [i for i in insatser if i.aggregate_only], count,
                                      first_year, plan.last_year)
            if count and kept:
                streams.append(Stream(random.Random(rng.getrandbits(64)), association,
                                      kommuner, kept, count, first_year, plan.last_year, limit,
                                      people))
        reduced: dict[tuple[Any, ...], int] = {}
        summary.participations = _write(
            Participation._meta.db_table, COPY_COLUMNS,
            _arrivals(streams, months(first_year, plan.last_year), next_participation,
                      reduced, say))
        summary.participants = _write(
            Participant._meta.db_table, ("id", "association_id", "pseudonym", "created"),
            people.rows(random.Random(rng.getrandbits(64)),
                        {a.pk: pseudonymiser(a) for a, _k, _i in made}, plan.last_year))
        summary.reduced_rows = _write(
            ReducedParticipation._meta.db_table, REDUCED_COLUMNS,
            ((*key, n) for key, n in sorted(reduced.items(), key=_reduced_order)))
        summary.reduced = sum(reduced.values())
        MonthlyCount.objects.bulk_create(counts, batch_size=2000)
        summary.monthly_counts = len(counts)
        for association, _k, _i in made:
            queries.records_changed(association)
        _reset_sequences()
    ranked = sorted(zip(per_association, (m[0].slug for m in made), strict=True))
    summary.largest = ranked[-1][1]
    summary.median = ranked[len(ranked) // 2][1]
    summary.largest_share = ranked[-1][0] / max(1, plan.participations)
    return summary


def _reduced_order(item: tuple[tuple[Any, ...], int]) -> tuple[Any, ...]:
    # Sorted as retention writes a month's reduction: by end, then the rest (None sorts first).
    key = item[0]
    return (key[2], key[0], key[1], tuple("" if v is None else str(v) for v in key[3:]))


def _association(rng: random.Random, n: int, first_year: int,
                 last_year: int) -> tuple[Association, list[tuple[Member, int]],
                                          list[Intervention]]:
    place = f"{PLACES[n % len(PLACES)]}{'' if n < len(PLACES) else n // len(PLACES) + 1}"
    association = Association.objects.create(slug=f"gen-{n + 1:03d}",
                                             name=f"Samordningsförbundet {place}",
                                             pseudonym_salt=f"{rng.getrandbits(128):032x}")
    Member.objects.create(association=association, name="Försäkringskassan", kind="state")
    Member.objects.create(association=association, name="Arbetsförmedlingen", kind="state")
    Member.objects.create(association=association, name=f"Region {place}", kind="region")
    kommuner = []
    for k in range(rng.choice((1, 1, 2, 3, 4, 5, 6, 8))):
        member = Member.objects.create(association=association, kind="kommun",
                                       name=f"{place}{PLACES[(n + k * 7) % len(PLACES)].lower()}"
                                       f" kommun")
        people = int(math.exp(rng.gauss(math.log(25000), 0.9)))
        people = max(2500, min(people, 600000))
        Population.objects.create(member=member, date=dt.date(last_year - 1, 11, 1),
                                  count=people)
        kommuner.append((member, people))
    insatser = []
    for i in range(max(1, int(rng.gauss(4, 1.5)))):
        started = dt.date(first_year + rng.randrange(0, 2), 1, 1)
        insats = Intervention.objects.create(
            association=association, slug=f"insats-{i + 1}",
            name=f"{KINDS[(n + i) % len(KINDS)]} {place}",
            kind="individual" if i % 4 else "structural", start=started,
            run_by=kommuner[i % len(kommuner)][0], public=True,
            usual_duration_days=rng.choice((180, 270, 365)),
        )
        insats.municipalities.set([m for m, _p in kommuner])
        insatser.append(insats)
    # Some förbund keep an insats as counts only (no records): one in three with three or more.
    if len(insatser) >= 3 and rng.random() < 0.35:
        insatser[-1].aggregate_only = True
        insatser[-1].save(update_fields=["aggregate_only"])
    _economy(rng, association, kommuner, insatser, first_year, last_year)
    _surveys(rng, association, first_year, last_year)
    return association, kommuner, insatser


def _economy(rng: random.Random, association: Association, kommuner: list[tuple[Member, int]],
             insatser: list[Intervention], first_year: int, last_year: int) -> None:
    lines = []
    inhabitants = sum(p for _m, p in kommuner)
    for year in range(first_year, last_year + 1):
        total = Decimal(round(inhabitants * rng.uniform(35, 60), -3))
        for member, people in kommuner:
            amount = (total / 4 * people / inhabitants).quantize(Decimal("1"))
            lines.append(BudgetLine(association=association, year=year, scenario="budget",
                                    category="contribution", member=member, amount=amount))
        for insats in insatser:
            budget = (total * Decimal(rng.uniform(0.1, 0.25))).quantize(Decimal("1000"))
            outcome = (budget * Decimal(rng.uniform(0.8, 1.05))).quantize(Decimal("1"))
            for scenario, amount in (("budget", budget), ("outcome", outcome)):
                lines.append(BudgetLine(association=association, year=year, scenario=scenario,
                                        category=insats.kind, intervention=insats,
                                        amount=amount))
        office = (total * Decimal("0.15")).quantize(Decimal("1000"))
        for scenario in ("budget", "outcome"):
            lines.append(BudgetLine(association=association, year=year, scenario=scenario,
                                    category="office_staff", amount=office))
    BudgetLine.objects.bulk_create(lines, batch_size=2000)


def _surveys(rng: random.Random, association: Association, first_year: int,
             last_year: int) -> None:
    template = Template.objects.create(association=association, name="Deltagarenkät",
                                       group="deltagare")
    questions = [Question.objects.create(template=template, order=i + 1, code=f"D{i + 1}",
                                         text=text)
                 for i, text in enumerate(("Jag blir bemött med respekt.",
                                           "Insatsen hjälper mig framåt.",
                                           "Jag har fått stöd att nå mina mål."))]
    for year in range(first_year, last_year + 1):
        survey = Round.objects.create(association=association, template=template, year=year,
                                      closes=dt.date(year, 11, 30))
        responses = Response.objects.bulk_create(
            Response(round=survey, submitted=dt.date(year, 10, 1 + rng.randrange(0, 28)),
                     imported=True) for _n in range(rng.randrange(8, 40)))
        Answer.objects.bulk_create(
            (Answer(response=r, question=q, value=min(10, max(1, int(rng.gauss(7.5, 1.8)))))
             for r in responses for q in questions), batch_size=2000)


class People:
    """The participants, numbered as they first arrive; written only if a participation of
    theirs is kept (retention deletes the others)."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.owner = array("l")      # the förbund of each, by id - first
        self.kept = bytearray()

    def new(self, association_id: int) -> int:
        self.owner.append(association_id)
        self.kept.append(0)
        return self.first + len(self.owner) - 1

    def keep(self, person: int) -> None:
        self.kept[person - self.first] = 1

    def rows(self, rng: random.Random, hashers: dict[int, Callable[[str], str]],
             last_year: int) -> Iterator[tuple[Any, ...]]:
        created = connection.ops.adapt_datetimefield_value(
            dt.datetime(last_year, 12, 31, tzinfo=dt.UTC))
        for n, (owner, kept) in enumerate(zip(self.owner, self.kept, strict=True)):
            code = rng.getrandbits(64)
            if kept:
                yield self.first + n, owner, hashers[owner](f"G{code:016x}"), created


class Stream:
    """One förbund's participations, a month at a time, in the order they start."""

    def __init__(self, rng: random.Random, association: Association,
                 kommuner: list[tuple[Member, int]], insatser: list[Intervention], count: int,
                 first_year: int, last_year: int, limit: dt.date, people: People) -> None:
        self.rng, self.association, self.limit, self.people = rng, association, limit, people
        self.per_month = iter(split(count, [w * math.exp(rng.gauss(0, 0.15))
                                            for w in month_weights(first_year, last_year)]))
        self.gender, self.referrer = Chooser(rng, GENDERS), Chooser(rng, REFERRERS)
        self.exit_reason = Chooser(rng, EXITS)
        self.support, self.support_time = Chooser(rng, SUPPORT), Chooser(rng, SUPPORT_TIME)
        self.occupation = Chooser(rng, OCCUPATION_START)
        self.kommun = Chooser(rng, [(m.pk, p) for m, p in kommuner])
        self.insats = Chooser(rng, list(zip([i.pk for i in insatser],
                                            sizes(1000, len(insatser), rng, 0.6), strict=True)))
        self.last = dt.date(last_year, 12, 31)
        self.followup = dt.timedelta(days=30 * association.followup_months)
        # About one in eight participations is of someone already in another (or the same)
        # insats: someone among the last 5 000 to arrive.
        self.recent: list[tuple[int, int, dt.date]] = []
        self.again: set[tuple[int, int, dt.date]] = set()

    def month(self, first: dt.date) -> list[tuple[Any, ...]]:
        """The participations starting in the month, each (start, the row without its id)."""
        n = next(self.per_month)
        days = month_end(first).day
        return [self._row(first + dt.timedelta(days=d))
                for d in sorted(self.rng.randrange(days) for _n in range(n))]

    def _row(self, start: dt.date) -> tuple[Any, ...]:
        rng = self.rng
        insats_pk = self.insats()
        if self.recent and rng.random() < 0.12:
            person, earlier_insats, earlier_start = self.recent[rng.randrange(len(self.recent))]
            # (insats, participant, start) is unique: move the start a day until it is.
            while ((insats_pk, person, start) in self.again
                   or (earlier_insats, earlier_start) == (insats_pk, start)):
                start += dt.timedelta(days=1)
            self.again.add((insats_pk, person, start))
        else:
            person = self.people.new(self.association.pk)
            if len(self.recent) < 5000:
                self.recent.append((person, insats_pk, start))
            else:
                self.recent[rng.randrange(5000)] = (person, insats_pk, start)
        shape = rng.random()
        if shape < 0.02:          # never closed: left open, perhaps forgotten
            days = None
        elif shape < 0.08:        # runs for years
            days = int(math.exp(rng.gauss(math.log(700), 0.4)))
        else:
            days = int(math.exp(rng.gauss(math.log(200), 0.7)))
        end = None if days is None else start + dt.timedelta(days=days)
        reason = exit_at = support_exit = ""
        followup_date: dt.date | None = None
        followup_occupation = followup_support = ""
        if end is not None and end > self.last:
            end = None
        if end is not None:
            reason = self.exit_reason()
            exit_at = OCCUPATION_AFTER.get(reason, self.occupation())
            support_exit = "lon" if reason == "arbete" else self.support()
            if end + self.followup <= self.last and rng.random() < 0.6:
                followup_date = end + self.followup
                followup_occupation = exit_at if rng.random() < 0.8 else self.occupation()
                followup_support = support_exit
        age = min(64, max(16, int(rng.gauss(32, 11))))
        code = self.referrer()
        return (insats_pk, person, self.gender(), start.year - age, self.kommun(), code, code,
                start, self.support(), self.support_time(), start, end, reason,
                self.occupation(), exit_at, support_exit, followup_date, followup_occupation,
                followup_support)


# The row's columns (COPY_COLUMNS without the id) by name, for the reduction.
_AT = {c: i - 1 for i, c in enumerate(COPY_COLUMNS)}


def _arrivals(streams: list[Stream], firsts: list[dt.date], next_id: int,
              reduced: dict[tuple[Any, ...], int],
              say: Callable[[str], None]) -> Iterator[tuple[Any, ...]]:
    """Every förbund's participations in the order they arrive, numbered in that order; those
    closed before the retention limit go to `reduced` instead, grouped as retention groups."""
    at = _AT
    for first in firsts:
        arriving = [row for stream in streams for row in stream.month(first)]
        arriving.sort(key=lambda row: row[at["start_date"]])
        for row in arriving:
            end = row[at["end_date"]]
            if end is not None and end < streams[0].limit:
                start = row[at["start_date"]]
                key = (row[at["intervention_id"]], start.replace(day=1), month_end(end),
                       age_group(row[at["birth_year"]], start.year),
                       *(row[at[c]] for c in REDUCED_CODES))
                reduced[key] = reduced.get(key, 0) + 1
                continue
            streams[0].people.keep(row[at["participant_id"]])
            yield (next_id, *row)
            next_id += 1
        if first.month == 12:
            say(f"{first.year}: written up to id {next_id - 1}")


def _monthly_counts(rng: random.Random, insatser: list[Intervention], count: int,
                    first_year: int, last_year: int) -> list[MonthlyCount]:
    """Counts of new, active and exited per month and gender for the counts-only insatser."""
    made = []
    base = max(1.0, count / len(months(first_year, last_year)) / 12)
    for insats in insatser:
        for first in months(first_year, last_year):
            if first < insats.start:
                continue
            for gender in ("kvinna", "man"):
                new = max(0, int(rng.gauss(base, base / 3)))
                for kind, n in (("new", new), ("active", int(new * rng.uniform(4, 7))),
                                ("exit", max(0, int(rng.gauss(base, base / 3))))):
                    made.append(MonthlyCount(intervention=insats, month=first,
                                             period_end=month_end(first), kind=kind,
                                             gender=gender, count=n))
    return made


def _write(table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    written = 0
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join(["%s"] * len(columns))
        # Table and column names are the models' own, never input.
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _reset_sequences() -> None:
    """Ids were given here: the sequences must go on after them (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Participant, Participation):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                           f"(SELECT MAX(id) FROM {table}))")
