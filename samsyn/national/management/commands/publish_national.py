import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.associations.commands import association_or_error
from samsyn.national import services
from samsyn.web.years import FIRST_YEAR, LAST_YEAR, is_year


class Command(BaseCommand):
    help = ("Publish a förbund's suppressed figures of a year to the national view "
            "(participants by national category, budget and outcome, indicator results).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--withdraw", action="store_true",
                            help="take the year's figures out of the national view")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        year = options["year"]
        if not is_year(year):
            raise CommandError(f"--year: a year from {FIRST_YEAR} to {LAST_YEAR}")
        if options["withdraw"]:
            gone = services.withdraw(association, year)
            self.stdout.write(f"{association.slug} {year}: "
                              + ("withdrawn" if gone else "was not published"))
            return
        snapshot = services.publish(association, year)
        if options["format"] == "json":
            self.stdout.write(json.dumps(snapshot.figures, ensure_ascii=False, indent=2))
        else:
            people = snapshot.figures["participants"]
            self.stdout.write(f"{association.slug} {year}: published "
                              f"(new {people['new']['total']}, active "
                              f"{people['active']['total']}, exited "
                              f"{people['exited']['total']})")
