"""The accessibility statement (tillgänglighetsredogörelse) and reports of problems.

What the statement says of the code (its known shortcomings, when they were assessed) is in
known_shortcomings.toml beside this module, each shortcoming pinned by a test; what it says of
the installation (who answers for it, where reports go) comes from the settings and the
förbund's own contact. docs/accessibility.md.
"""

import datetime as dt
import functools
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from samsyn.associations.models import Association
from samsyn.audit.models import Category
from samsyn.audit.services import client_address, record
from samsyn.home.models import AccessibilityReport

SHORTCOMINGS_FILE = Path(__file__).with_name("known_shortcomings.toml")
# Digg's form for reporting a public body's lack of accessibility (the supervisory authority).
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
LAW = "lag (2018:1937) om tillgänglighet till digital offentlig service"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shortcoming:
    id: str
    test: str
    criterion: str
    sv: str
    en: str

    def text(self, language: str | None = None) -> str:
        return self.en if (language or translation.get_language() or "sv")[:2] == "en" \
            else self.sv


@dataclass(frozen=True)
class Known:
    assessed: dt.date
    method: str
    shortcomings: tuple[Shortcoming, ...]

    @property
    def fully_compliant(self) -> bool:
        return not self.shortcomings


@functools.cache
def known() -> Known:
    data = tomllib.loads(SHORTCOMINGS_FILE.read_text(encoding="utf-8"))
    return Known(
        assessed=data["assessed"], method=data["method"],
        shortcomings=tuple(Shortcoming(id=s["id"], test=s["test"], criterion=s["criterion"],
                                       sv=s["sv"], en=s["en"])
                           for s in data.get("shortcoming", [])),
    )


def recipients(association: Association | None) -> list[str]:
    """The förbund's contact when the report names one, and the installation's always."""
    found = [association.contact_email if association else "",
             settings.SAMSYN_ACCESSIBILITY_CONTACT]
    return list(dict.fromkeys(a for a in found if a))


def _sender_key(request: HttpRequest | None) -> str:
    return f"accessibility-report:{client_address(request) or 'unknown'}"


def throttled(request: HttpRequest) -> bool:
    """One address has sent as many reports within the hour as the setting allows (the form
    is public: it must not become a way to fill the database or the contacts' mailboxes)."""
    sent = cache.get(_sender_key(request), 0)
    return int(sent) >= settings.SAMSYN_ACCESSIBILITY_REPORTS_PER_HOUR


def _count(request: HttpRequest | None) -> None:
    key = _sender_key(request)
    if not cache.add(key, 1, 3600):
        try:
            cache.incr(key)
        except ValueError:  # the entry expired in between
            cache.set(key, 1, 3600)


@transaction.atomic
def report(fields: dict[str, Any], association: Association | None,
           request: HttpRequest | None = None) -> AccessibilityReport:
    """Keep the report, log it, and send it to whoever answers for the page."""
    to = recipients(association)
    saved = AccessibilityReport.objects.create(association=association,
                                               mailed_to=", ".join(to), **fields)
    record(category=Category.DATA, action="accessibility_report", username="(public)",
           association=association, obj=saved, rows=1, request=request)
    _count(request)
    if to:
        # Sent after the commit: a report is kept even when the mail server is down.
        transaction.on_commit(lambda: _mail(saved, to))
    return saved


def _mail(saved: AccessibilityReport, to: list[str]) -> None:
    with translation.override("sv"):
        subject = _("Accessibility problem reported in %(service)s") % {
            "service": settings.SAMSYN_INSTALLATION_NAME}
        lines = [
            _("Someone reported a problem with the accessibility of %(service)s.")
            % {"service": settings.SAMSYN_INSTALLATION_NAME},
            "",
            f"{_('Förbund')}: {saved.association.name if saved.association else '–'}",
            f"{_('Page')}: {saved.page or '–'}",
            f"{_('Assistive technology')}: {saved.assistive_technology or '–'}",
            f"{_('Name')}: {saved.name or '–'}",
            f"{_('E-mail')}: {saved.email or '–'}",
            "",
            saved.description,
            "",
            _("The report is kept in Samsyn (number %(number)s). Under the law on accessible "
              "digital public services the person should get an answer.")
            % {"number": saved.pk},
        ]
    message = EmailMessage(subject=subject, body="\n".join(lines), to=to,
                           reply_to=[saved.email] if saved.email else None)
    try:
        message.send()
    except OSError:
        # Kept all the same; the contacts read it in Samsyn.
        log.exception("the accessibility report %s could not be sent", saved.pk)
