"""The förbund's main navigation and the breadcrumb trail, marked with where the user is.

Every page of a förbund shows both, so they are rendered once per what they show and kept
(`fragments`): the förbund (its short name in the links, its name in the trail), which areas
the reader's role and flags show, the language, and where in the menu the page is. Nothing
else is in them: no form, CSRF token, message or name of the reader.
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from samsyn.associations.access import Access

# (label, url name, who sees it); order is the order of the menu.
AREAS = [
    (_("Overview"), "association_home", None),
    (_("What is due"), "due", None),
    (_("Business plan"), "plan_list", None),
    (_("Interventions"), "intervention_list", None),
    (_("Participants"), "participants_home", None),
    (_("Surveys"), "survey_home", None),
    (_("Target groups"), "target_group_list", None),
    (_("Members"), "member_list", None),
    (_("Economy"), "finance_home", "sees_finance"),
    (_("Reports"), "report_list", None),
    (_("Reported periods"), "period_list", None),
    (_("Publish nationally"), "national_publish", "can_edit"),
    (_("Users"), "membership_list", "can_admin"),
]
RULES = sorted({rule for _label, _name, rule in AREAS if rule})
CACHE_SECONDS = 60 * 60 * 24
# Raised when the fragments' markup changes, so no process shows what older code rendered.
REVISION = 1


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool  # the page shown is this area's own page or one below it
    exact: bool  # the page shown is this area's own page


@dataclass(frozen=True)
class Fragments:
    """The rendered menu (`<nav>`) and breadcrumb trail of a page; empty outside a förbund."""

    menu: str = ""
    crumbs: str = ""


def _shown(access: Access) -> tuple[str, ...]:
    """The rules of AREAS the reader meets (from the role and flags, through POLICY)."""
    return tuple(rule for rule in RULES if getattr(access, rule))


@lru_cache(maxsize=512)
def _areas(slug: str, shown: tuple[str, ...], language: str | None,
           prefix: str) -> tuple[tuple[str, str], ...]:
    """(label, url) of the areas shown. The same for every request with these arguments
    (the URL configuration is fixed once loaded), so kept in the process: reversing thirteen
    URLs was a tenth of a repeated page's template time."""
    return tuple((str(label), reverse(url_name, args=[slug]))
                 for label, url_name, rule in AREAS if not rule or rule in shown)


def _items(access: Access) -> tuple[tuple[str, str], ...]:
    return _areas(access.association.slug, _shown(access), translation.get_language(),
                  get_script_prefix())


def _current(items: tuple[tuple[str, str], ...], path: str) -> str | None:
    """The deepest area whose address starts the path; the overview only on its own page."""
    home = items[0][1]
    inside = [url for _label, url in items if url != home and path.startswith(url)]
    return max(inside, key=len) if inside else (home if path == home else None)


def association_nav(access: Access, path: str) -> list[NavItem]:
    items = _items(access)
    current = _current(items, path)
    return [NavItem(label, url, url == current, url == path) for label, url in items]


def fragments(access: Access, path: str) -> Fragments:
    """The menu and trail, rendered once per what they show (see the module's note)."""
    items = _items(access)
    current = _current(items, path)
    association = access.association
    # An item is exact only when it is the current one and the page is its own.
    what = (association.pk, association.slug, association.name, _shown(access),
            translation.get_language(), get_script_prefix(), current, current == path)
    key = (f"samsyn-nav:{REVISION}:"
           f"{hashlib.sha256(repr(what).encode()).hexdigest()}")
    # Kept in the process (settings.CACHES["local"]): the key is all the fragments show.
    kept = caches["local"]
    found = kept.get(key)
    if found is None:
        nav = [NavItem(label, url, url == current, url == path) for label, url in items]
        context = {"nav": nav, "association": association}
        found = (render_to_string("associations/_nav_menu.html", context),
                 render_to_string("associations/_nav_crumbs.html", context))
        kept.set(key, found, CACHE_SECONDS)
    # Rendered above by the template engine, which escaped what it put in.
    return Fragments(mark_safe(found[0]), mark_safe(found[1]))  # noqa: S308
