"""The förbund's main navigation and the breadcrumb trail, marked with where the user is."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.associations.access import Access

# (label, url name, who sees it); order is the order of the menu.
AREAS = [
    (_("Overview"), "association_home", None),
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


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool  # the page shown is this area's own page or one below it
    exact: bool  # the page shown is this area's own page


def association_nav(access: Access, path: str) -> list[NavItem]:
    slug = access.association.slug
    items = []
    for label, url_name, rule in AREAS:
        if rule and not getattr(access, rule):
            continue
        items.append((str(label), reverse(url_name, args=[slug])))
    home = items[0][1]
    # The deepest area whose address starts the path; the overview only on its own page.
    inside = [url for _label, url in items if url != home and path.startswith(url)]
    current = max(inside, key=len) if inside else (home if path == home else None)
    return [NavItem(label, url, url == current, url == path) for label, url in items]
