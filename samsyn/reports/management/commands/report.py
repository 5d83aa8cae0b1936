import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.publication.periods import KINDS, NonStandardPeriod, OpenPeriod, period_of_key
from samsyn.reports.registry import all_kinds, get_kind
from samsyn.reports.render import FORMATS
from samsyn.reports.services import build_report


class Command(BaseCommand):
    help = "Compute a report from the records of one förbund (see docs/reports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="the report kind; `report list` shows them")
        parser.add_argument("--association", help="the förbund's short name (slug)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--start", type=dt.date.fromisoformat,
                            help="first day (ISO), instead of 1 January")
        parser.add_argument("--end", type=dt.date.fromisoformat,
                            help="last day (ISO), instead of 31 December")
        parser.add_argument("--period",
                            help="a standard period instead of --start/--end: 2025, 2025H1, "
                                 "2025T2, 2025T1-2 (January–August) or 2025-03")
        parser.add_argument("--intervention", help="one insats (slug), where the kind allows")
        parser.add_argument("--publish", action="store_true",
                            help="apply the publication rule (small counts suppressed)")
        parser.add_argument("--format", choices=list(FORMATS),
                            default="json")
        parser.add_argument("--output", type=Path, help="write to this file, not stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == "list":
            for kind in all_kinds():
                self.stdout.write(f"{kind.slug:<20} {kind.title}")
            return
        found = get_kind(options["kind"])
        if found is None:
            known = ", ".join(k.slug for k in all_kinds())
            raise CommandError(f"unknown report kind {options['kind']!r}; known: {known}")
        kind = found
        if options["period"]:
            period = period_of_key(options["period"], KINDS)
            if period is None:
                raise CommandError(f"--period {options['period']!r} is no standard period "
                                   "(2025, 2025H1, 2025T2, 2025T1-2, 2025-03)")
            if options["start"] or options["end"]:
                raise CommandError("--period replaces --start and --end: give one or the other")
            if options["year"] not in (None, period.start.year):
                raise CommandError(f"--period {period.key} is not of --year {options['year']}")
            options.update(year=period.start.year, start=period.start, end=period.end)
        if not options["association"] or not options["year"]:
            raise CommandError("--association and --year are required")
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            raise CommandError(f"no förbund with the short name {options['association']!r}")
        intervention = None
        if options["intervention"]:
            if not kind.per_intervention:
                raise CommandError(f"{kind.slug} does not take --intervention")
            intervention = association.interventions.filter(slug=options["intervention"]).first()
            if intervention is None:
                raise CommandError(f"{association.slug} has no insats {options['intervention']!r}")
        # The command acts for the installation: the whole förbund is in scope.
        try:
            report = build_report(kind, Scope.system(association), options["year"],
                                  intervention=intervention,
                                  publish=options["publish"], start=options["start"],
                                  end=options["end"])
        except (NonStandardPeriod, OpenPeriod) as refused:
            raise CommandError(str(refused)) from refused
        fmt = FORMATS[options["format"]]
        output = fmt.render(report)
        if isinstance(output, bytes):
            if not options["output"]:
                raise CommandError(f"--format {fmt.extension} needs --output FILE")
            options["output"].write_bytes(output)
            return
        if options["output"]:
            options["output"].write_text(output + "\n", encoding="utf-8")
        else:
            self.stdout.write(output)
