"""Kommun populations from Kolada (RKA's open API, no key): KPI N01951, invånare totalt.

Kolada's N01951 is the population on 31 December of each year (from SCB). For a reference
date the latest year-end on or before it is fetched, and the page and command say which.
One request per kommun, as the API's documentation writes them:

    https://api.kolada.se/v3/data/kpi/N01951/municipality/0136/year/2023

answered with `{"count": 1, "values": [{"kpi": "N01951", "municipality": "0136",
"period": 2023, "values": [{"gender": "T", "count": 1, "status": "", "value": 98612}]}]}`.

Nothing is saved here: the caller shows the figures first (associations.services saves).
"""

import datetime as dt
import json
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.translation import gettext as _

KPI = "N01951"
# A population answer is a few hundred bytes; anything this large is not one.
MAX_ANSWER = 256 * 1024


class KoladaError(Exception):
    """Kolada could not be asked or gave no usable answer; the message is for staff."""


@dataclass(frozen=True)
class Fetched:
    code: str
    year: int
    count: int | None  # None: Kolada has no figure for the kommun that year


def population_year(day: dt.date) -> int:
    """The year whose 31 December is the latest on or before `day`."""
    return day.year if (day.month, day.day) == (12, 31) else day.year - 1


def url_for(code: str, year: int) -> str:
    base = settings.SAMSYN_KOLADA_URL.rstrip("/")
    return f"{base}/data/kpi/{KPI}/municipality/{quote(code)}/year/{year}"


def parse(payload: object, code: str, year: int) -> int | None:
    """The total (gender T) for the kommun and year, None when the answer holds none."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaError(_("Kolada answered with something that is not a population figure."))
    for row in payload["values"]:
        if not isinstance(row, dict) or str(row.get("municipality")) != code \
                or str(row.get("period")) != str(year):
            continue
        for value in row.get("values") or []:
            if isinstance(value, dict) and value.get("gender") == "T" \
                    and isinstance(value.get("value"), int | float) \
                    and not isinstance(value.get("value"), bool) and value["value"] >= 0:
                return int(value["value"])
    return None


def fetch(code: str, year: int) -> Fetched:
    request = Request(url_for(code, year), headers={  # noqa: S310 - the URL is ours, https
        "Accept": "application/json", "User-Agent": "Samsyn (samordningsförbund)"})
    try:
        with urlopen(request, timeout=settings.SAMSYN_KOLADA_TIMEOUT) as answer:  # noqa: S310
            body = answer.read(MAX_ANSWER + 1)
    except HTTPError as exc:
        raise KoladaError(_("Kolada answered with an error (HTTP %(status)s). Try again "
                            "later, or type the figures by hand.") % {"status": exc.code}) from exc
    except (URLError, TimeoutError, OSError) as exc:
        raise KoladaError(_("Kolada could not be reached: the server may be offline or have "
                            "no connection to the internet. Try again later, or type the "
                            "figures by hand.")) from exc
    if len(body) > MAX_ANSWER:
        raise KoladaError(_("Kolada answered with something that is not a population figure."))
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KoladaError(_("Kolada answered with something that is not a population "
                            "figure.")) from exc
    return Fetched(code, year, parse(payload, code, year))
