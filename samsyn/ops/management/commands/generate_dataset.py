from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.ops.dataset import Plan, generate


class Command(BaseCommand):
    help = ("Generate a synthetic national installation for benchmarks: förbund with kommuner, "
            "insatser, budgets and outcome, surveys and participations (deterministic from the "
            "seed; COPY on PostgreSQL). Never on a production database.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--associations", type=int, default=76)
        parser.add_argument("--participations", type=int, default=500_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--last-year", type=int, default=2025,
                            help="the last year of records (default 2025)")
        parser.add_argument("--retention-years", type=int, default=5,
                            help="participations closed more than this many years before the "
                                 "end are kept as reduced counts, as retention keeps them "
                                 "(default 5; 0: none)")

    def handle(self, *args: Any, **options: Any) -> None:
        if (options["associations"] < 1 or options["participations"] < 0 or options["years"] < 1
                or options["retention_years"] < 0):
            raise CommandError("give at least one förbund and one year, and no negative counts")
        plan = Plan(options["associations"], options["participations"], options["years"],
                    options["seed"], options["last_year"], options["retention_years"])
        verbose = options["verbosity"] > 1
        summary = generate(plan, self.stdout.write if verbose else lambda _s: None)
        self.stdout.write(
            f"{summary.associations} förbund, {summary.interventions} insatser, "
            f"{summary.participants} participants, {summary.participations} participations, "
            f"{summary.reduced} reduced to {summary.reduced_rows} counts, "
            f"{summary.monthly_counts} monthly counts; largest {summary.largest} "
            f"({summary.largest_share:.1%}), median {summary.median}")
