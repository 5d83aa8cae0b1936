from typing import Any

from django.core.management.base import BaseCommand

from samsyn.participants import summary


class Command(BaseCommand):
    help = ("Make the participation summary (starts and ends per insats and day, which the "
            "participants page reads) again from the participations and reduced "
            "participations, and install the database triggers that keep it current. For an "
            "installation upgrading, or a summary in doubt; the writes wait meanwhile.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = summary.rebuild()
        self.stdout.write(f"participation summary rebuilt: {rows} rows")
