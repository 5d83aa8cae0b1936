"""E-mail reminders of what is due, as each person chose on their reminders page.

`send_reminders` (the command, run daily by deploy/systemd/samsyn-reminders.timer) reads the
"what is due" page of each person through their own Access, keeps what they asked for and
have not been sent before, and sends it in one e-mail; each reminder is logged in
ReminderSent, so the same one never goes twice (docs/the-year.md).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.access import Access, Action
from samsyn.associations.models import Association, Membership, Role
from samsyn.associations.years import years_with_data
from samsyn.home import due, due_rules
from samsyn.home.models import ReminderPreference, ReminderSent
from samsyn.publication.periods import label

REPORTS, PERIODS, OPEN, SURVEYS = "reports", "periods", "open_participations", "surveys"
KINDS = (REPORTS, PERIODS, OPEN, SURVEYS)
KIND_LABELS = {REPORTS: gettext_lazy("Reports to adopt"),
               PERIODS: gettext_lazy("Periods not reported"),
               OPEN: gettext_lazy("Participations open too long"),
               SURVEYS: gettext_lazy("Surveys to send")}

# What a person gets before choosing: the kansli the reports to adopt, the staff of an insats
# the periods their insatser have not reported, the board (and analysts) nothing.
DEFAULTS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({REPORTS}), Role.OFFICE: frozenset({REPORTS}),
    Role.STAFF: frozenset({PERIODS}), Role.ANALYST: frozenset(), Role.BOARD: frozenset(),
}


def offered(access: Access) -> list[str]:
    """The reminders a person may choose: counts of open participations for those who see
    exact counts or read the records; surveys to send for those who send them."""
    kinds = [REPORTS, PERIODS]
    if access.sees_exact_counts or access.reads_records:
        kinds.append(OPEN)
    if access.may(Action.SURVEYS_EDIT):
        kinds.append(SURVEYS)
    return kinds


def chosen(membership: Membership, preference: ReminderPreference | None = None) -> set[str]:
    """What the person asked for, or their role's defaults while they have not chosen."""
    if preference is None:
        preference = ReminderPreference.objects.filter(membership=membership).first()
    if preference is None:
        return set(DEFAULTS.get(membership.role, frozenset()))
    return {kind for kind in KINDS if getattr(preference, kind)}


@dataclass(frozen=True)
class Item:
    key: str  # unique per person: the sent log keeps it
    kind: str
    text: str
    path: str  # the page to open, without the installation's address


def _years(access: Access, today: dt.date) -> list[int]:
    """Last year and this, where the förbund keeps anything of them in Samsyn: a förbund that
    began this year is not reminded of last year's reports."""
    kept = set(years_with_data(access.association))
    return [y for y in (today.year - 1, today.year) if y in kept]


def items(access: Access, today: dt.date) -> list[Item]:
    """Every reminder due today for this person, of the kinds they chose and may get."""
    kinds = chosen(access.membership) & set(offered(access))
    if not kinds:
        return []
    slug = access.association.slug
    found: list[Item] = []
    for year in _years(access, today):
        page = due.build(access, year, today)
        if REPORTS in kinds:
            for r in page.reports:
                stage = due_rules.report_reminder(r.state, r.due, today)
                if stage:
                    text = (_("%(report)s is late: it was due on %(date)s.") if stage == "overdue"
                            else _("%(report)s is due on %(date)s."))
                    found.append(Item(f"report:{r.kind}:{r.year}:{stage}", REPORTS,
                                      text % {"report": r.title, "date": r.due.isoformat()},
                                      reverse("due", args=[slug]) + f"?year={year}"))
        if PERIODS in kinds:
            for row in page.interventions:
                for cell in row.cells:
                    if due_rules.period_reminded(cell.state, cell.period.end, today):
                        found.append(Item(
                            f"period:{row.intervention.pk}:{cell.period.key}", PERIODS,
                            _("%(insats)s has no participants or counts for %(period)s.")
                            % {"insats": row.intervention.name,
                               "period": label(cell.period)},
                            reverse("intervention_detail", args=[slug, row.intervention.slug])))
        if OPEN in kinds and year == today.year:
            for row in page.interventions:
                if isinstance(row.open_long, int) and row.open_long > 0:
                    # Once a month at most: the count changes slowly.
                    found.append(Item(
                        f"open:{row.intervention.pk}:{today:%Y-%m}", OPEN,
                        _("%(insats)s has %(n)s open participations far past its usual time.")
                        % {"insats": row.intervention.name, "n": row.open_long},
                        row.register_url or reverse("due", args=[slug])))
        if SURVEYS in kinds:
            for s in page.surveys:
                if s.state in (due_rules.TO_SEND, due_rules.CLOSING):
                    text = (_("No one is invited yet to %(survey)s, which closes on %(date)s.")
                            if s.state == due_rules.TO_SEND
                            else _("%(survey)s closes on %(date)s."))
                    found.append(Item(f"survey:{s.round.pk}:{s.state}", SURVEYS,
                                      text % {"survey": str(s.round),
                                              "date": s.round.closes.isoformat()}, s.url))
    return found


@dataclass(frozen=True)
class Sent:
    membership: Membership
    items: list[Item]


def _message(membership: Membership, new: list[Item], base_url: str) -> tuple[str, str]:
    association = membership.association
    subject = _("Samsyn: what is due in %(association)s") % {"association": association.name}
    lines = [_("Hello,"), "", _("This is what is due in %(association)s:")
             % {"association": association.name}, ""]
    for kind in KINDS:
        of_kind = [i for i in new if i.kind == kind]
        if of_kind:
            lines.append(str(KIND_LABELS[kind]))
            lines += [f"- {i.text}\n  {base_url}{i.path}" for i in of_kind]
            lines.append("")
    lines += [_("What is due: %(url)s") % {"url": base_url + reverse("due", args=[
                  association.slug])},
              _("Choose which reminders you get: %(url)s") % {
                  "url": base_url + reverse("reminder_settings", args=[association.slug])}]
    return subject, "\n".join(lines)


def send(today: dt.date, base_url: str = "", associations: Iterable[Association] | None = None,
         dry_run: bool = False) -> list[Sent]:
    """Send each person what is newly due for them; returns what was (or would be) sent.

    A reminder is logged before its e-mail goes, in one transaction with it: if the mail
    fails, the log is rolled back and the next run tries again; a second run at the same time
    stops at the log's unique key and sends nothing twice.
    """
    memberships = (Membership.objects.select_related("association", "user")
                   .filter(user__is_active=True).exclude(user__email="")
                   .order_by("association__slug", "pk"))
    if associations is not None:
        memberships = memberships.filter(association__in=list(associations))
    done: list[Sent] = []
    with translation.override(settings.LANGUAGE_CODE):
        for membership in memberships:
            access = Access(membership.association, membership)
            wanted = items(access, today)
            if not wanted:
                continue
            old = set(ReminderSent.objects.filter(membership=membership,
                                                  key__in=[i.key for i in wanted])
                      .values_list("key", flat=True))
            new = [i for i in wanted if i.key not in old]
            if not new:
                continue
            if not dry_run:
                subject, body = _message(membership, new, base_url.rstrip("/"))
                try:
                    with transaction.atomic():
                        ReminderSent.objects.bulk_create(
                            [ReminderSent(membership=membership, key=i.key) for i in new])
                        send_mail(subject, body, None, [membership.user.email])
                except IntegrityError:
                    continue  # another run sent them just now
            done.append(Sent(membership, new))
    return done
