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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["associations"] < 1 or options["participations"] < 0 or options["years"] < 1:
            raise CommandError("give at least one förbund and one year, and no negative counts")
        plan = Plan(options["associations"], options["participations"], options["years"],
                    options["seed"], options["last_year"])
        verbose = options["verbosity"] > 1
        summary = generate(plan, self.stdout.write if verbose else lambda _s: None)
        self.stdout.write(
            f"{summary.associations} förbund, {summary.interventions} insatser, "
            f"{summary.participants} participants, {summary.participations} participations; "
            f"largest {summary.largest}, median {summary.median}")
