"""Publishing a förbund's figures to the national view, and moving them between installations."""

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.associations.models import Association, County
from samsyn.national import figures as f
from samsyn.national import signing
from samsyn.national.models import Figure, Snapshot
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


def _published_data(kind_slug: str, scope: Scope, year: int) -> dict[str, Any]:
    kind = get_kind(kind_slug)
    if kind is None:  # pragma: no cover - the kinds are registered by the apps at start-up
        raise LookupError(kind_slug)
    # Always suppressed, and as the JSON the report command gives: plain values only.
    data: dict[str, Any] = json.loads(to_json(build_report(kind, scope, year, publish=True)))
    return data


def snapshot_figures(association: Association, year: int) -> dict[str, Any]:
    scope = Scope.system(association)
    return f.from_reports(
        _published_data("participants", scope, year),
        _published_data("budget-outcome", scope, year),
        _published_data("indicators", scope, year),
        association.suppression_threshold,
    )


def file_rows(snapshots: list[Snapshot]) -> None:
    """The snapshots' figures as rows for the database to add up (figures.rows), replacing any
    they had; called inside the transaction that writes the snapshots."""
    # A file may name a förbund twice: its snapshot was then written twice, the last one stands.
    last = list({snapshot.pk: snapshot for snapshot in snapshots}.values())
    Figure.objects.filter(snapshot__in=last).delete()
    Figure.objects.bulk_create(
        [Figure(snapshot=snapshot, section=section, code=code, number=number, hidden=hidden,
                places=places)
         for snapshot in last
         for section, code, number, hidden, places in f.rows(snapshot.figures)],
        batch_size=2000)


def publish(association: Association, year: int, user: Any = None) -> Snapshot:
    """Publish (or publish again) the förbund's suppressed figures of a year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(_("A year from %(first)s to %(last)s.")
                         % {"first": FIRST_YEAR, "last": LAST_YEAR})
    if year >= timezone.localdate().year:
        # A running year's figures change with every start and exit (publication.py).
        raise ValueError(_("A year is published to the national view once it has ended."))
    figures = snapshot_figures(association, year)
    with transaction.atomic():
        snapshot, _created = Snapshot.objects.update_or_create(
            origin="", slug=association.slug, year=year,
            defaults={"association": association, "name": association.name,
                      "county": association.county, "figures": figures,
                      "published_at": timezone.now(), "published_by": user},
        )
        file_rows([snapshot])
        versions.changed(association)
    return snapshot


def withdraw(association: Association, year: int) -> int:
    deleted, _rows = Snapshot.objects.filter(origin="", association=association,
                                             year=year).delete()
    versions.changed(association)
    return deleted


def trusted_keys() -> dict[str, str]:
    return signing.parse_trusted(settings.SAMSYN_NATIONAL_TRUSTED_KEYS)


def export_signed(year: int) -> bytes:
    """This installation's own published figures of a year, signed with its key."""
    if not settings.SAMSYN_NATIONAL_SIGNING_KEY:
        raise signing.SignatureRefused(
            _("No signing key is configured (SAMSYN_NATIONAL_SIGNING_KEY)."))
    snapshots = Snapshot.objects.filter(origin="", year=year).order_by("slug")
    payload = {
        "year": year,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "associations": [
            {"slug": s.slug, "name": s.name, "county": s.county,
             "published_at": s.published_at.isoformat(timespec="seconds"),
             "figures": s.figures}
            for s in snapshots
        ],
    }
    return signing.sign(payload, settings.SAMSYN_NATIONAL_SIGNING_KEY,
                        settings.SAMSYN_INSTALLATION_NAME)


def import_signed(data: bytes) -> tuple[str, list[Snapshot]]:
    """Check the signature, then file every förbund's figures under the key's name.

    All or nothing: one fault anywhere refuses the whole file.
    """
    origin, payload = signing.verify(data, trusted_keys())
    year = payload.get("year")
    entries = payload.get("associations")
    if (not isinstance(year, int) or isinstance(year, bool)
            or not FIRST_YEAR <= year <= LAST_YEAR or not isinstance(entries, list)):
        raise signing.SignatureRefused(_("The signed figures name no year or no förbund."))
    faults: list[str] = []
    rows: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        where = f"associations[{i}]"
        if not isinstance(entry, dict):
            faults.append(f"{where}: must be an object")
            continue
        slug, name, county = entry.get("slug"), entry.get("name"), entry.get("county", "")
        if not isinstance(slug, str) or not slug or len(slug) > 60 or not slug.isascii():
            faults.append(f"{where}.slug: is not a short name")
        if not isinstance(name, str) or not name or len(name) > 200:
            faults.append(f"{where}.name: is not a name")
        if county not in County.values and county != "":
            faults.append(f"{where}.county: is not a län code")
        faults.extend(f.check(entry.get("figures"), f"{where}.figures"))
        rows.append(entry)
    if faults:
        raise signing.SignatureRefused(
            _("The signed figures are malformed: %(fault)s") % {"fault": faults[0]})
    now = timezone.now()
    with transaction.atomic():
        saved = [
            Snapshot.objects.update_or_create(
                origin=origin, slug=row["slug"], year=year,
                defaults={"name": row["name"], "county": row.get("county", ""),
                          "figures": row["figures"], "published_at": now},
            )[0]
            for row in rows
        ]
        file_rows(saved)
    return origin, saved
