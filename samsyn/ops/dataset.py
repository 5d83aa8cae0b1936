"""A synthetic national installation for benchmarks: many förbund, years of records.

Deterministic from its seed. Förbund differ in size (a few large, many small, as in Sweden),
each with kommuner and their population, the state and region members, insatser, budgets and
outcome per year, contributions, a yearly participant survey with answers, and participations
with plausible durations, exits and before-and-after codes. Participants are pseudonyms of
random local codes, hashed as the import hashes them: nothing is derived from a personnummer.

Participations and participants are streamed: COPY on PostgreSQL (psycopg's cursor.copy),
batched INSERTs elsewhere, with ids given here so no row is read back.
"""

import datetime as dt
import math
import random
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
from samsyn.participants.models import Participant, Participation
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


@dataclass
class Summary:
    associations: int = 0
    interventions: int = 0
    participants: int = 0
    participations: int = 0
    largest: str = ""
    median: str = ""


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


def generate(plan: Plan, say: Callable[[str], None] = lambda _s: None) -> Summary:
    rng = random.Random(plan.seed)
    first_year = plan.last_year - plan.years + 1
    summary = Summary()
    per_association = sizes(plan.participations, plan.associations, rng)
    with transaction.atomic():
        existing = Association.objects.filter(slug__startswith="gen-").count()
        made = []
        for n in range(plan.associations):
            made.append(_association(rng, existing + n, first_year, plan.last_year))
        summary.associations = len(made)
        summary.interventions = sum(len(m[2]) for m in made)
        next_participant = (Participant.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        next_participation = (Participation.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        for (association, kommuner, insatser), count in zip(made, per_association, strict=True):
            if not count:
                continue
            _n, people, rows = _participations(
                rng, association, kommuner, insatser, count, first_year, plan.last_year,
                next_participant, next_participation)
            persons = _write_participants(people)
            written = _write_participations(rows)
            summary.participants += persons
            summary.participations += written
            next_participant += persons
            next_participation += written
            queries.records_changed(association)
            say(f"{association.slug}: {written} participations")
        _reset_sequences()
    ranked = sorted(zip(per_association, (m[0].slug for m in made), strict=True))
    summary.largest = ranked[-1][1]
    summary.median = ranked[len(ranked) // 2][1]
    return summary


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


def _participations(rng: random.Random, association: Association,
                    kommuner: list[tuple[Member, int]], insatser: list[Intervention], count: int,
                    first_year: int, last_year: int, next_participant: int,
                    next_participation: int) -> tuple[int, Iterator[tuple[Any, ...]],
                                                      Iterator[tuple[Any, ...]]]:
    """How many participants, and the participants and participations, made as written."""
    hashed = pseudonymiser(association)
    # About one in eight participations is of someone already in another (or the same) insats.
    new_people = max(1, int(count * 0.88))
    created = connection.ops.adapt_datetimefield_value(
        dt.datetime(last_year, 12, 31, tzinfo=dt.UTC))

    def people() -> Iterator[tuple[Any, ...]]:
        codes = random.Random(rng.getrandbits(64))
        for n in range(new_people):
            yield (next_participant + n, association.pk,
                   hashed(f"G{codes.getrandbits(40):010x}"), created)

    def rows() -> Iterator[tuple[Any, ...]]:
        gender, referrer, exit_reason = (Chooser(rng, GENDERS), Chooser(rng, REFERRERS),
                                         Chooser(rng, EXITS))
        support, support_time = Chooser(rng, SUPPORT), Chooser(rng, SUPPORT_TIME)
        occupation = Chooser(rng, OCCUPATION_START)
        kommun = Chooser(rng, [(m.pk, p) for m, p in kommuner])
        insats = Chooser(rng, list(zip([i.pk for i in insatser],
                                       sizes(1000, len(insatser), rng, 0.6), strict=True)))
        first, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
        span = (last - first).days
        followup = dt.timedelta(days=30 * association.followup_months)
        recent: list[tuple[int, int, dt.date]] = []
        again: set[tuple[int, int, dt.date]] = set()
        for n in range(count):
            insats_pk = insats()
            start = first + dt.timedelta(days=rng.randrange(span + 1))
            if n >= new_people and recent:
                person, earlier_insats, earlier_start = recent[rng.randrange(len(recent))]
                # (insats, participant, start) is unique: move the start a day until it is.
                while ((insats_pk, person, start) in again
                       or (earlier_insats, earlier_start) == (insats_pk, start)):
                    start += dt.timedelta(days=1)
                again.add((insats_pk, person, start))
            else:
                person = next_participant + n
                if len(recent) < 5000:
                    recent.append((person, insats_pk, start))
                else:
                    recent[rng.randrange(5000)] = (person, insats_pk, start)
            days = int(math.exp(rng.gauss(math.log(200), 0.7)))
            end: dt.date | None = start + dt.timedelta(days=days)
            reason = exit_at = support_exit = ""
            followup_date: dt.date | None = None
            followup_occupation = followup_support = ""
            if end is not None and end > last:
                end = None
            else:
                reason = exit_reason()
                exit_at = OCCUPATION_AFTER.get(reason, occupation())
                support_exit = "lon" if reason == "arbete" else support()
                if end is not None and end + followup <= last and rng.random() < 0.6:
                    followup_date = end + followup
                    followup_occupation = exit_at if rng.random() < 0.8 else occupation()
                    followup_support = support_exit
            age = min(64, max(16, int(rng.gauss(32, 11))))
            code = referrer()
            yield (next_participation + n, insats_pk, person, gender(), start.year - age,
                   kommun(), code, code, start, support(), support_time(), start, end, reason,
                   occupation(), exit_at, support_exit, followup_date, followup_occupation,
                   followup_support)

    return new_people, people(), rows()


def _write_participants(people: Iterator[tuple[Any, ...]]) -> int:
    table = Participant._meta.db_table
    return _write(table, ("id", "association_id", "pseudonym", "created"), people)


def _write_participations(rows: Iterator[tuple[Any, ...]]) -> int:
    return _write(Participation._meta.db_table, COPY_COLUMNS, rows)


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
