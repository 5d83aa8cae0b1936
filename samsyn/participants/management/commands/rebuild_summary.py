from typing import Any

from django.core.management.base import BaseCommand

from samsyn.participants import month_summary, summary


class Command(BaseCommand):
    help = ("Make the participation summary (starts and ends per insats and day, which the "
            "participants page reads) and the month summary (the report's counts by month and "
            "year) again from the participations and reduced participations, and install the "
            "database triggers that keep them current. For an "
            "installation upgrading, or a summary in doubt; the writes wait meanwhile.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = summary.rebuild()
        self.stdout.write(f"participation summary rebuilt: {rows} rows")
        months = month_summary.rebuild()
        self.stdout.write(f"month summary rebuilt: {months} rows")
