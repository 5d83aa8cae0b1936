"""Copies the published snapshots of a year from another installation's database into this
tree's, filed by this tree's own code (national.services.file_rows), so that two trees roll up
the same published figures (round 13: round 5's publishing took two minutes, this tree's audit
hours on a busy machine):

    cd TREE && DATABASE_URL=... python /path/to/copy_snapshots.py SOURCE_DATABASE_URL YEAR

Replaces the year's snapshots here; each is tied to this database's förbund of the same slug.
Not a test.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import transaction  # noqa: E402

from samsyn.associations.models import Association  # noqa: E402
from samsyn.national.models import Snapshot  # noqa: E402
from samsyn.national.services import file_rows  # noqa: E402


def main(source: str, year: int) -> None:
    with psycopg.connect(source) as conn:
        rows = conn.execute("SELECT slug, name, county, figures, published_at "
                            "FROM national_snapshot WHERE year = %s AND origin = ''",
                            [year]).fetchall()
    with transaction.atomic():
        Snapshot.objects.filter(year=year).delete()
        made = [Snapshot.objects.create(origin="", slug=slug, year=year, name=name,
                                        association=Association.objects.get(slug=slug),
                                        county=county, figures=figures,
                                        published_at=published_at)
                for slug, name, county, figures, published_at in rows]
        file_rows(made)
    print(len(made), "snapshots copied")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
