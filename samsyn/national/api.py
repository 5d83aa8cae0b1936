"""The national roll-up of a year as JSON: what the national page shows, for any signed-in key."""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samsyn.national import figures as f
from samsyn.national import queries
from samsyn.national.views import year_snapshots
from samsyn.replicas import one_snapshot, replica_reads
from samsyn.web.years import is_year


def _sum(total: f.Sum) -> dict[str, Any]:
    # "at_least" is a lower bound: a hidden ("x") cell went into the sum (see figures.py).
    return {"exact": total.known} if total.exact else {"at_least": total.known}


def _number(share: Decimal | None) -> float | None:
    # A share is a number in the JSON (0.4545), as the participants report gives it; no
    # figure is null, never the string "None".
    return None if share is None else float(share)


def _rollup(up: f.Rollup) -> dict[str, Any]:
    share = up.work_or_studies_share
    return {
        "associations": up.members,
        "participants": {section: {code: _sum(s) for code, s in cells.items()}
                         for section, cells in up.people.items()},
        "work_or_studies": {**_sum(up.work_or_studies),
                            "share": _number(share)},
        "economy": {k: {key: str(v) for key, v in sums.items()}
                    for k, sums in up.economy.items()},
        "result": {k: str(v) for k, v in up.result.items()},
        "indicators": {code: {**sums, "positive_share": _number(up.positive_share(code))}
                       for code, sums in up.indicators.items()},
    }


class NationalYear(APIView):
    """The nation, each län and each förbund that has published figures for the year."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, year: int) -> Response:
        if not is_year(year):
            raise NotFound()
        # One replica and one snapshot for both reads: the list and the sums agree.
        with replica_reads(), one_snapshot():
            snapshots = year_snapshots(year)
            counties, nation = queries.year_rollup(year)
        return Response({
            "year": year,
            "nation": _rollup(nation),
            "counties": {c: _rollup(up) for c, up in counties.items()},
            "associations": [
                {"slug": s.slug, "name": s.name, "county": s.county,
                 "source": s.origin or None,
                 "published_at": s.published_at.isoformat(timespec="seconds"),
                 "figures": s.figures}
                for s in snapshots
            ],
        })
