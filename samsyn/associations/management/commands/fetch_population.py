import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samsyn.associations import kolada, services
from samsyn.associations.models import Association
from samsyn.web.formatting import format_number


class Command(BaseCommand):
    help = ("Fetch each member kommun's population from Kolada (KPI N01951, the population on "
            "31 December: the latest year-end on or before --date) and show it; with --save, "
            "save it under --date. Members need their kommunkod.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--date", required=True, type=dt.date.fromisoformat,
                            help="the reference date the figures are for (YYYY-MM-DD)")
        parser.add_argument("--save", action="store_true",
                            help="save the figures shown; without it nothing is written")

    def handle(self, *args: Any, **options: Any) -> None:
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            raise CommandError(f"no förbund with the short name {options['association']!r}")
        day: dt.date = options["date"]
        year = kolada.population_year(day)
        try:
            lines = services.kolada_preview(association, day)
        except kolada.KoladaError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Population on 31 December %(year)s according to Kolada")
                          % {"year": year})
        for line in lines:
            code = line.member.municipality_code or "----"
            if line.fetched is None:
                shown = _("no kommunkod: add it to the member")
            elif line.count is None:
                shown = _("Kolada has no figure")
            else:
                shown = format_number(line.count)
            self.stdout.write(f"{code}  {line.member.name:<30} {shown}")
        figures = {line.member.pk: line.count for line in lines if line.count is not None}
        if not options["save"]:
            self.stdout.write(_("Nothing saved: run again with --save to save the figures "
                                "under %(date)s.") % {"date": day.isoformat()})
            return
        saved = services.save_populations(association, day, figures, year=year)
        self.stdout.write(_("%(count)s population figures from Kolada saved.")
                          % {"count": saved})
