"""The national page (any signed-in user), publishing (kansli or admin) and the signed export."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.models import County
from samsyn.national import pages, queries, services, signing
from samsyn.national.models import Snapshot
from samsyn.replicas import one_snapshot, replica_reads
from samsyn.web.years import is_year


def _year(raw: str | None, default: int) -> int:
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not (
            is_year(int(raw))):
        raise Http404
    return int(raw)


@dataclass(frozen=True)
class PublishedRow:
    """What the national page and API show of a snapshot: read as plain values, not as model
    objects (a third of the roll-up's time went to building 76 of them)."""

    slug: str
    name: str
    county: str
    origin: str
    published_at: dt.datetime
    figures: dict[str, Any]

    def get_county_display(self) -> str:
        return str(dict(County.choices).get(self.county, self.county))


def year_snapshots(year: int) -> list[PublishedRow]:
    with replica_reads():
        return [PublishedRow(*row) for row in Snapshot.objects.filter(year=year)
                .order_by("county", "name", "origin")
                .values_list("slug", "name", "county", "origin", "published_at", "figures")]


@login_required
def national(request: HttpRequest) -> HttpResponse:
    with replica_reads():
        years = sorted(set(Snapshot.objects.values_list("year", flat=True)), reverse=True)
    year = _year(request.GET.get("year"), years[0] if years else timezone.localdate().year - 1)
    # One replica and one snapshot for both reads: the list and the sums agree even while
    # a förbund publishes.
    with replica_reads(), one_snapshot():
        snapshots = year_snapshots(year)
        rollup = queries.year_rollup(year) if snapshots else None
    return render(request, "national/national.html", {
        "year": year, "years": years, "snapshots": snapshots,
        "page": pages.build(snapshots, rollup=rollup) if snapshots else None,
    })


@login_required
def national_export(request: HttpRequest, year: int) -> HttpResponse:
    try:
        data = services.export_signed(year)
    except signing.SignatureRefused as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('national')}?year={year}")
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="samsyn-nationellt-{year}.json"'
    return response


@association_view(edit=True)
def publish_page(request: HttpRequest, access: Access) -> HttpResponse:
    default = timezone.localdate().year - 1
    # Only ended years are published: a running year changes with every start and exit.
    year = min(_year(request.POST.get("year") or request.GET.get("year"), default), default)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            services.withdraw(access.association, year)
            messages.success(request, _("The figures of %(year)s are withdrawn from the "
                                        "national view.") % {"year": year})
        else:
            services.publish(access.association, year, request.user)
            messages.success(request, _("The figures of %(year)s are published to the "
                                        "national view.") % {"year": year})
        return redirect(f"{request.path}?year={year}")
    published = Snapshot.objects.filter(origin="", association=access.association)
    preview = services.snapshot_figures(access.association, year)
    page = pages.build([Snapshot(name=access.association.name, county=access.association.county,
                                 figures=preview, year=year)], preview=True)
    return render(request, "national/publish.html", {
        "access": access, "association": access.association, "year": year,
        "published": published.order_by("-year"), "page": page,
        "current": published.filter(year=year).first(),
    })
