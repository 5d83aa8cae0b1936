"""One search box over a förbund's own records: its insatser, its plan (focus areas, goals,
activities), its documents by title and year, its budget lines.

The catalogue's machinery (samsyn.catalog.words and search.matching_ids: folded, stemmed
words, synonyms as data, PostgreSQL's text search or SQLite's FTS5) searches `SearchEntry`
rows. A förbund's entries are made again when its audit log has grown since they were made
(every write of a record logs an entry), so the search never shows what was removed and
needs no hook in every app's writes. Participant records are never indexed. Each entry
carries the right it needs and its insats, so a reader finds only what Access lets them read.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, Action
from samsyn.associations.models import Association
from samsyn.associations.years import years_with_data
from samsyn.audit.models import AuditEntry
from samsyn.catalog.search import matching_ids
from samsyn.catalog.words import stem, words
from samsyn.finance.models import BudgetLine
from samsyn.home.models import SearchEntry, SearchIndexState
from samsyn.interventions.models import Activity, FocusArea, PlanGoal, PlanYear
from samsyn.reports.models import ReportText
from samsyn.reports.registry import get_kind

# SQLite's FTS5 table of the entries' bodies (migration 0003_search), rowid = the entry.
FTS_QUERY = "SELECT rowid FROM home_search_fts WHERE home_search_fts MATCH %s"
# The documents found by title and year (the other report kinds are found on the reports page).
DOCUMENTS = ("business-plan", "half-year", "annual-report", "uppfoljning-finsam")
# The groups of results, in the order the page shows them.
KINDS = ("intervention", "plan", "document", "budget")
MAX_RESULTS = 50


@dataclass
class Entry:
    kind: str
    title: str
    detail: str
    url: str
    action: Action
    text: str
    intervention_id: int | None = None


def _body(*texts: str) -> str:
    return " ".join(stem(w) for w in words(" ".join(t for t in texts if t)))


def _version(association: Association) -> str:
    latest = (AuditEntry.objects.filter(association_id=association.pk)
              .order_by("-pk").values_list("pk", flat=True).first())
    return str(latest or 0)


def _interventions(association: Association) -> Iterator[Entry]:
    for i in association.interventions.all():
        yield Entry("intervention", i.name, i.get_kind_display(),
                    reverse("intervention_detail", args=[association.slug, i.slug]),
                    Action.VIEW, " ".join([i.name, i.description, i.target_group_text,
                                           i.catalog_offers, i.catalog_audience]),
                    intervention_id=i.pk)


def _plan(association: Association) -> Iterator[Entry]:
    plans = {p.pk: p for p in PlanYear.objects.filter(association=association)}

    def where(plan: PlanYear) -> str:
        return reverse("plan_detail", args=[association.slug, plan.year])

    for plan in plans.values():
        title = plan.title or _("Business plan %(year)s") % {"year": plan.year}
        yield Entry("plan", title, str(plan.year), where(plan), Action.VIEW, title)
    for area in FocusArea.objects.filter(plan__association=association):
        plan = plans[area.plan_id]
        yield Entry("plan", area.name, _("Focus area, plan %(year)s") % {"year": plan.year},
                    where(plan), Action.VIEW, f"{area.name} {area.description}")
    for goal in PlanGoal.objects.filter(focus_area__plan__association=association) \
            .select_related("focus_area"):
        plan = plans[goal.focus_area.plan_id]
        yield Entry("plan", goal.name, _("Goal, plan %(year)s") % {"year": plan.year},
                    where(plan), Action.VIEW, f"{goal.name} {goal.description}")
    # Every activity of the förbund's plans, under a goal or under its focus area alone.
    for activity in Activity.objects.filter(focus_area__plan__association=association) \
            .select_related("focus_area"):
        plan = plans[activity.focus_area.plan_id]
        yield Entry("plan", activity.name, _("Activity, plan %(year)s") % {"year": plan.year},
                    where(plan), Action.VIEW, f"{activity.name} {activity.description}")


def _documents(association: Association) -> Iterator[Entry]:
    texts: dict[tuple[str, int], str] = {}
    for text in ReportText.objects.filter(association=association, kind__in=DOCUMENTS):
        texts[(text.kind, text.year)] = " ".join(
            str(getattr(text, f)) for f in (*ReportText.OPENING, *ReportText.CLOSING))
    years = set(years_with_data(association)) | {y for _k, y in texts}
    for slug in DOCUMENTS:
        kind = get_kind(slug)
        if kind is None:
            continue
        with translation.override("en"):
            english = str(kind.title)
        for year in sorted(years, reverse=True):
            title = f"{kind.title} {year}"
            yield Entry("document", title, "",
                        f"{reverse('report_view', args=[association.slug, slug])}?year={year}",
                        kind.action, f"{title} {english} {texts.get((slug, year), '')}")


def _budget(association: Association) -> Iterator[Entry]:
    lines = BudgetLine.objects.filter(association=association) \
        .select_related("intervention", "member").order_by("-year", "pk")
    for line in lines:
        name = line.label or (line.intervention.name if line.intervention else "") \
            or (str(line.member) if line.member else "") or line.get_category_display()
        detail = f"{line.get_category_display()}, {line.get_scenario_display()} {line.year}"
        yield Entry("budget", name, detail,
                    reverse("budget_lines", args=[association.slug, line.year]),
                    Action.FINANCE_READ, f"{name} {detail}",
                    intervention_id=line.intervention_id)


def rebuild(association: Association) -> int:
    """Make the förbund's entries again from its records."""
    with translation.override(settings.LANGUAGE_CODE):
        found = [*_interventions(association), *_plan(association),
                 *_documents(association), *_budget(association)]
        version = _version(association)
    with transaction.atomic():
        # One rebuild at a time per förbund: the second finds the first's work done.
        state, _created = SearchIndexState.objects.select_for_update().get_or_create(
            association=association, defaults={"version": ""})
        if state.version == version:
            return SearchEntry.objects.filter(association=association).count()
        old = list(SearchEntry.objects.filter(association=association)
                   .values_list("pk", flat=True))
        SearchEntry.objects.filter(pk__in=old).delete()
        made = SearchEntry.objects.bulk_create([
            SearchEntry(association=association, kind=e.kind, title=e.title[:300],
                        detail=e.detail[:300], url=e.url, action=str(e.action),
                        intervention_id=e.intervention_id, order=n, body=_body(e.text))
            for n, e in enumerate(found)])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM home_search_fts WHERE rowid = %s",
                                   [[pk] for pk in old])
                # bulk_create sets the keys on SQLite.
                cursor.executemany("INSERT INTO home_search_fts (rowid, body) VALUES (%s, %s)",
                                   [[e.pk, e.body] for e in made])
        state.version = version
        state.save(update_fields=["version"])
    return len(made)


def refresh(association: Association) -> None:
    """Remake the entries if anything was written since they were made."""
    kept = (SearchIndexState.objects.filter(association=association)
            .values_list("version", flat=True).first())
    if kept != _version(association):
        rebuild(association)


def readable(access: Access) -> Any:
    """The förbund's entries this reader may read: by the right each needs, and of an
    insats only their own where they see only their own."""
    actions = [str(a) for a in Action if access.may(a)]
    entries = SearchEntry.objects.filter(association=access.association, action__in=actions)
    if not access.sees_all_interventions:
        own = access.interventions().values_list("pk", flat=True)
        entries = entries.filter(Q(intervention_id__isnull=True) | Q(intervention_id__in=own))
    return entries


def search(access: Access, text: str) -> dict[str, list[SearchEntry]]:
    """What the reader finds for `text`, grouped by kind (empty for a text with no word)."""
    refresh(access.association)
    entries = readable(access)
    found = matching_ids(text, fts_query=FTS_QUERY, documents=entries)
    if found is None:
        return {}
    grouped: dict[str, list[SearchEntry]] = {k: [] for k in KINDS}
    for entry in entries.filter(pk__in=found)[:MAX_RESULTS]:
        grouped.setdefault(entry.kind, []).append(entry)
    return {k: v for k, v in grouped.items() if v}
