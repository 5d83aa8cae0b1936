"""The state walk: every page of a förbund, as every role, in each calendar state a förbund
lives through (docs/DEVELOPING.md, "The state walk").

test_every_url.py asks whether each role may open each page; this asks whether each page
works, whatever the calendar has done to the förbund: a past year with records or without,
the running year before and after its first half has ended, next year with only a plan and a
budget, a year far ahead, a förbund whose insatser keep monthly counts only, and a brand-new
förbund with nothing at all. The URLs come from the URL configuration (samsyn/web/urlwalk.py),
so a new page is walked without being listed here; report pages are walked for every report
kind, as the page and as the JSON and printable HTML downloads (XLSX, DOCX and PDF are the
same Report drawn by other renderers, left out because PDF alone would triple the walk's time).

Each state's förbund is built through the views a user's actions go through (the office
posting next year's plan, the staff recording participations), with "today" set in one
place (`today`), so the walk meets what users will meet. The test modules
`test_state_walk_*.py` each build their förbund once and walk it as each role: no response
may be a server error, and the documents may name no year outside their window.
"""

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samsyn.associations.association_file import read_association_file
from samsyn.associations.models import Association, Membership
from samsyn.associations.years import default_year
from samsyn.home.setup import apply_association
from samsyn.reports.registry import all_kinds
from samsyn.testing import make_user, make_world
from samsyn.web.tests.posting import saved, signed_in
from samsyn.web.urlwalk import API_PREFIX, tenant_urls, url_for, world_values

ROLES = ("admin", "office", "analyst", "staff", "board")
# Every report kind is walked as its page and these downloads (see the module's docstring).
FORMATS = ("page", "json", "html")
# The documents and how many years after their own they may name: a business plan's budget
# shows the plan of the two years after it (000 table 4); the reports of a year look back only.
DOCUMENTS = {"annual-report": 0, "half-year": 0, "business-plan": 2}
INVITATION_LINK = re.compile(r"/konto/inbjudan/[^/\s]+/")
PASSWORD = "en-lang-fras-for-test-2026"  # the accounts the walk creates
YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
HEADER = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.S)


@contextmanager
def today(day: dt.date) -> Iterator[None]:
    """The date every page reads (they all ask `django.utils.timezone.localdate`)."""
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        yield


@dataclass
class Tenant:
    """A förbund of the walk: its users by role and the URL arguments its objects give."""

    association: Association
    users: dict[str, Any]
    values: dict[str, Any]


@dataclass(frozen=True)
class State:
    name: str
    today: dt.date
    # The year asked for (?year= and the year of a URL); None: the year a page opens on.
    year: int | None = None


@dataclass
class Walk:
    requests: int = 0
    failures: list[str] = field(default_factory=list)


# Building the förbund, through the views. Every form the walk fills must be saved (`saved`
# fails on anything but its redirect): a walk of a state that was not built proves nothing.


def world_tenant(slug: str) -> Tenant:
    world = make_world(slug)
    return Tenant(world.association, world.users, world_values(world))


def plan_next_year(tenant: Tenant, year: int) -> None:
    """The office enters next year's business plan, its budget and the contributions."""
    slug = tenant.association.slug
    office = signed_in(tenant.users["office"])
    saved(office, reverse("plan_create", args=[slug]),
          {"year": year, "title": f"Verksamhetsplan {year}", "decided": f"{year - 1}-11-20"})
    lines = reverse("budget_line_create", args=[slug, year])
    for member in tenant.association.members.all():
        saved(office, lines, {"year": year, "scenario": "budget", "category": "contribution",
                              "member": member.pk, "amount": "400000"})
    saved(office, lines, {"year": year, "scenario": "budget", "category": "office_staff",
                          "amount": "700000"})
    saved(office, lines, {"year": year, "scenario": "budget", "category": "individual",
                          "intervention": tenant.association.interventions.first().pk,
                          "amount": "500000"})
    saved(office, reverse("contribution_decide", args=[slug, year]),
          {"total": "1200000", "decided": f"{year - 1}-11-20"})


def record_participations(tenant: Tenant, intervention_slug: str, year: int,
                          municipality: int) -> None:
    """Staff of the insats record participations begun early in `year`, some finished."""
    slug = tenant.association.slug
    staff = signed_in(tenant.users["staff"])
    url = reverse("participation_create", args=[slug, intervention_slug])
    for n in range(8):
        data = {"participant_id": f"walk{year}{n:02d}", "gender": ("kvinna", "man")[n % 2],
                "birth_year": 1990 + n, "municipality": municipality, "referrer": "af",
                "start_date": f"{year}-01-{10 + n:02d}", "consent_date": f"{year}-01-{10 + n:02d}",
                "support_at_start": "forsorjningsstod", "support_time": "1-3"}
        if n < 3:
            data.update(end_date=f"{year}-02-{20 + n:02d}", exit_reason="arbete")
        saved(staff, url, data)


def new_association(slug: str, folder: Path) -> Tenant:
    """A förbund as setup_association leaves it from a file naming it only, its first
    administrator given by the operator; the others are added on the people page."""
    path = folder / f"{slug}.json"
    path.write_text(json.dumps({"slug": slug, "name": f"Samordningsförbundet {slug.title()}"}),
                    encoding="utf-8")
    association, _summary = apply_association(read_association_file(path))
    admin = make_user(f"{slug}-admin")
    Membership.objects.create(user=admin, association=association, role="admin")
    return Tenant(association, {"admin": admin}, {"association_slug": slug})


def add_people(tenant: Tenant, roles: tuple[str, ...],
               staff_interventions: tuple[int, ...] = ()) -> None:
    """The administrator invites one person for each role (staff of the insatser given) by
    e-mail, and each accepts the link from the mail with an account of their own."""
    slug = tenant.association.slug
    admin = signed_in(tenant.users["admin"])
    for role in roles:
        username = f"{slug}-{role}"
        data: dict[str, Any] = {"email": f"{username}@example.se", "role": role}
        if role == "staff":
            data["interventions"] = list(staff_interventions)
        sent = len(mail.outbox)
        saved(admin, reverse("membership_create", args=[slug]), data)
        (message,) = mail.outbox[sent:]
        link = INVITATION_LINK.search(message.body)
        assert link is not None, message.body
        saved(Client(), link.group(0), {"username": username, "password1": PASSWORD,
                                        "password2": PASSWORD})
        tenant.users[role] = type(tenant.users["admin"]).objects.get(username=username)


def aggregate_intervention(tenant: Tenant, months: list[dt.date]) -> str:
    """The office starts an insats that keeps monthly counts only, and types its counts."""
    slug = tenant.association.slug
    office = signed_in(tenant.users["office"])
    saved(office, reverse("intervention_create", args=[slug]),
          {"name": "Räknas per månad", "slug": "per-manad", "kind": "individual",
           "start": "2020-01-01", "aggregate_only": "on"})
    url = reverse("monthly_counts", args=[slug, "per-manad"])
    for n, month in enumerate(months):
        saved(office, f"{url}?month={month:%Y-%m}",
              {"new__kvinna__af": 3 + n, "new__man__kommun": 2, "exit__kvinna__arbete": n % 2})
    tenant.values["intervention_slug"] = "per-manad"
    return "per-manad"


@contextmanager
def built(django_db_blocker: Any, day: dt.date,
          build: Callable[[], Tenant]) -> Iterator[Tenant]:
    """A förbund built once for a module, outside the tests' transactions, and flushed after
    (as conftest's `demo`)."""
    with django_db_blocker.unblock():
        cache.clear()  # figures are cached by the förbund's id, which a flush gives again
        with today(day):
            tenant = build()
    yield tenant
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)
        cache.clear()


# The walk.


def urls(tenant: Tenant, state: State) -> list[str]:
    """Every page and API URL of the förbund that its objects can fill in, reports once per
    kind and format, with the state's year."""
    year = state.year or state.today.year
    query = f"year={state.year}" if state.year else ""
    values = {**tenant.values, "year": year}
    found = []
    for prefix in (None, API_PREFIX):
        for tenant_url in tenant_urls(prefix) if prefix else tenant_urls():
            if not set(tenant_url.kwargs) <= set(values) | {"kind_slug"}:
                continue  # an object this förbund has none of (the new förbund's insatser)
            if tenant_url.name in ("report_view", "api_report"):
                for kind in all_kinds():
                    url = url_for(tenant_url, {**values, "kind_slug": kind.slug})
                    formats = FORMATS if tenant_url.name == "report_view" else ("",)
                    for fmt in formats:
                        params = "&".join(p for p in (query, f"format={fmt}" if fmt else "")
                                          if p)
                        found.append(f"{url}?{params}" if params else url)
                continue
            url = url_for(tenant_url, {"kind_slug": "annual-report", **values})
            found.append(f"{url}?{query}" if query else url)
    # A download that is no report: the audit log as CSV.
    found.append(reverse("audit_search", args=[tenant.association.slug]) + "?format=csv")
    return found


def _window_faults(url: str, response: Any, year: int) -> list[str]:
    """Years a document names in its column headers after its window ends."""
    path = urlsplit(url).path
    kind = next((k for k in DOCUMENTS if path.endswith(f"/rapporter/{k}/")), None)
    if kind is None or response.status_code != 200:
        return []
    last = year + DOCUMENTS[kind]
    if "format=json" in url or url.startswith("/api/"):
        data = response.json()
        shown = {int(y) for y in YEAR.findall(" ".join(_keys(data)))}
    else:
        # The page as the printable page: it keeps its tables' markup, not the report
        # (reports/page.py), and may show another year than asked for.
        if "format=html" not in url:
            last = response.context["year"] + DOCUMENTS[kind]
        shown = {int(y) for h in HEADER.findall(response.content.decode())
                 for y in YEAR.findall(h)}
    late = sorted(y for y in shown if y > last)
    return [f"{url}: names {late}, after {last}"] if late else []


def _keys(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from _keys(value)


def walk(tenant: Tenant, state: State, role: str) -> Walk:
    """Every URL as one role, then the start page as it opens: what failed, and how many
    requests were made."""
    result = Walk()
    client = signed_in(tenant.users[role])
    home = reverse("association_home", args=[tenant.association.slug])
    with today(state.today):
        year = state.year or default_year(tenant.association)
        for url in [*urls(tenant, state), home]:
            result.requests += 1
            try:
                response = client.get(url)
            except Exception as exc:  # the test client re-raises the view's exception
                result.failures.append(f"{state.name} {role} {url}: "
                                       f"{type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                result.failures.append(f"{state.name} {role} {url}: {response.status_code}")
            elif url == home and response.status_code != 200:
                result.failures.append(f"{state.name} {role}: the start page "
                                       f"answered {response.status_code}")
            else:
                result.failures.extend(f"{state.name} {role} {fault}"
                                       for fault in _window_faults(url, response, year))
    return result


def assert_walks(tenant: Tenant, state: State, role: str) -> None:
    result = walk(tenant, state, role)
    # Pages whose objects the förbund has are all walked: never fewer than the reports.
    assert result.requests >= len(all_kinds()) * len(FORMATS)
    assert not result.failures, (f"{len(result.failures)} of {result.requests} requests "
                                 "failed:\n" + "\n".join(result.failures))
