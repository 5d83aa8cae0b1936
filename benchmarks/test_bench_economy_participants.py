"""The economy's and the participant register's heaviest work at a large förbund's size.

Run with `make bench`.
"""

import datetime as dt
from decimal import Decimal

import pytest

from samsyn.associations.access import Scope
from samsyn.finance import sie
from samsyn.finance.allocation import Payer, allocate
from samsyn.participants.models import Participant, Participation
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report
from samsyn.testing import make_world


def big_sie(vouchers: int = 20_000) -> bytes:
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#RAR 0 20220101 20221231"]
    for n in range(1, vouchers + 1):
        amount = Decimal(n % 9000 + 100) / 4
        day = dt.date(2022, 1, 1) + dt.timedelta(days=n % 365)
        lines += [f'#VER A {n} {day:%Y%m%d} "Faktura {n}"', "{",
                  f'#TRANS {4000 + n % 900} {{1 "{n % 12}" 6 "P{n % 40}"}} {amount:.2f}',
                  f"#TRANS 2440 {{}} {-amount:.2f}", "}"]
    return "\n".join(lines).encode("cp437")


def test_parse_a_years_bookkeeping_of_20000_vouchers(benchmark):
    data = big_sie()
    parsed = benchmark(sie.parse, data)
    assert len(parsed.vouchers) == 20_000 and not sie.unbalanced_vouchers(parsed)


def test_split_contributions_among_290_kommuner(benchmark):
    payers = [Payer("FK", "state"), Payer("Region", "region")] + [
        Payer(f"Kommun {i}", "kommun", 10_000 + i * 37) for i in range(290)]
    result = benchmark(allocate, 339_000_000, payers)
    assert sum(a.amount for a in result) == 339_000_000


@pytest.mark.django_db
def test_participants_report_over_5000_participations(benchmark):
    world = make_world("bench")
    interventions = [world.intervention, world.other_intervention]
    people = Participant.objects.bulk_create(
        Participant(association=world.association, pseudonym=f"{i:064x}") for i in range(5000))
    Participation.objects.bulk_create(
        Participation(
            intervention=interventions[i % 2], participant=p,
            gender=("kvinna", "man", "ej_angett")[i % 3], birth_year=1970 + i % 40,
            referrer="fk", referrer_category="fk",
            start_date=dt.date(2021, 1, 1) + dt.timedelta(days=i % 600),
            end_date=(dt.date(2022, 6, 1) + dt.timedelta(days=i % 200)) if i % 3 else None,
            exit_reason="arbete" if i % 3 else "",
        )
        for i, p in enumerate(people)
    )
    kind = get_kind("participants")
    report = benchmark(build_report, kind, world.association, 2022, publish=True)
    assert report.data["total"]["active"]["total"] != 0


@pytest.mark.django_db
def test_the_annual_report_of_20_insatser_and_5000_participations_as_pdf(benchmark):
    from samsyn.interventions.models import Intervention
    from samsyn.reports.render import to_pdf

    world = make_world("arsredovisning")
    interventions = [
        Intervention.objects.create(association=world.association, slug=f"insats-{i}",
                                    name=f"Insats {i}", kind="individual",
                                    start=dt.date(2020, 1, 1))
        for i in range(20)
    ]
    people = Participant.objects.bulk_create(
        Participant(association=world.association, pseudonym=f"{i:064x}") for i in range(5000))
    Participation.objects.bulk_create(
        Participation(
            intervention=interventions[i % 20], participant=p,
            gender=("kvinna", "man", "ej_angett")[i % 3], birth_year=1970 + i % 40,
            referrer=("af", "fk", "kommun", "egen")[i % 4],
            referrer_category=("af", "fk", "kommun", "egen")[i % 4],
            start_date=dt.date(2021, 6, 1) + dt.timedelta(days=i % 500),
            end_date=(dt.date(2022, 3, 1) + dt.timedelta(days=i % 280)) if i % 3 else None,
            exit_reason=("arbete", "studier", "ovrigt")[i % 3] if i % 3 else "",
        )
        for i, p in enumerate(people)
    )
    kind = get_kind("annual-report")

    def render() -> bytes:
        return to_pdf(build_report(kind, Scope.system(world.association), 2022, publish=True))

    pdf = benchmark.pedantic(render, rounds=2, iterations=1)
    assert pdf.startswith(b"%PDF")
