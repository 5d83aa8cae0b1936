"""The kansli's pages for an insats's figures as the förbund's document stated them
(StatedCount): a table of new participants by the förbund's own referrers, a project's figures
over its whole period, a share given without its base. Exact figures, so the pages need the
right to see them (Action.AGGREGATES_EXACT), as the referral counts' pages do.

The annual report's Appendix 1 prints them as stated (samsyn.documents.stated_counts); they
are never added to the register's counts.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.access import Access, Action, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.participants.models import StatedCount
from samsyn.participants.services import delete_stated_count, save_stated_count
from samsyn.web.forms import DateInput, ScopedModelForm, limit_choices

# The fields one table's figures share: a new figure of the table starts from them.
TABLE_FIELDS = ("intervention", "period_start", "period_end", "measure", "scope", "title",
                "source")


class StatedCountForm(ScopedModelForm):
    scope_fields = ()

    class Meta:
        model = StatedCount
        fields = ["intervention", "period_start", "period_end", "measure", "scope", "title",
                  "row", "column", "category", "value", "source", "position"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}
        help_texts = {
            "scope": gettext_lazy("Empty: the intervention itself. Otherwise the wider whole "
                                  "the document reports under it, such as a regional "
                                  "project."),
            "title": gettext_lazy("The table's heading in the document; the figures of one "
                                  "table share it."),
            "row": gettext_lazy("Empty: the table's total row."),
            "column": gettext_lazy("Empty: the row's total."),
            "category": gettext_lazy("For a column that is one of the förbund's own "
                                     "referrers: the national category it is counted under."),
            "value": gettext_lazy("As the document prints it, also where it differs from the "
                                  "sum of its cells. A share in whole per cent."),
            "position": gettext_lazy("The order of rows and columns in the document's table; "
                                     "0 keeps the order the figures are entered in."),
        }

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the reader's insatser: the choices are the tenant boundary.
        limit_choices(self, "intervention", access.interventions().order_by("name"))


@dataclass
class StatedTable:
    """The figures of one stated table, as the list page shows them together."""

    first: StatedCount
    counts: list[StatedCount] = field(default_factory=list)

    @property
    def has_category(self) -> bool:
        """Whether a column names a national category (else the page leaves that out)."""
        return any(c.category for c in self.counts)


def stated_tables(counts: list[StatedCount]) -> list[StatedTable]:
    """Figures grouped by the table they belong to, in the order of the list given."""
    found: dict[tuple[Any, ...], StatedTable] = {}
    for count in counts:
        key = tuple(getattr(count, f"{name}_id" if name == "intervention" else name)
                    for name in TABLE_FIELDS if name != "source")
        found.setdefault(key, StatedTable(count)).counts.append(count)
    return list(found.values())


def _list_url(access: Access) -> str:
    return reverse("stated_count_list", args=[access.association.slug])


def _count(access: Access, stated_count_id: int) -> StatedCount:
    return get_object_or_404(StatedCount, intervention__in=access.interventions(),
                             pk=stated_count_id)


def _next_in_table(access: Access, request: HttpRequest) -> StatedCount:
    """A new figure, in the table of the figure named by ?tabell= (the table's link "Add a
    figure"), else blank."""
    given = request.GET.get("tabell", "")
    if not (given.isascii() and given.isdigit() and len(given) <= 18):
        return StatedCount()
    like = (StatedCount.objects.filter(intervention__in=access.interventions(), pk=int(given))
            .first())
    if like is None:
        return StatedCount()
    shared = {name: getattr(like, name) for name in TABLE_FIELDS}
    last = (StatedCount.objects.filter(**shared).order_by("-position")
            .values_list("position", flat=True).first())
    return StatedCount(**shared, position=(last or 0) + 1)


@association_view(action=Action.AGGREGATES_EXACT)
def stated_count_list(request: HttpRequest, access: Access) -> HttpResponse:
    counts = list(StatedCount.objects.filter(intervention__in=access.interventions())
                  .select_related("intervention")
                  .order_by("intervention__name", "period_start", "period_end", "measure",
                            "scope", "title", "position", "pk"))
    return render(request, "participants/stated_count_list.html",
                  {"access": access, "association": access.association,
                   "tables": stated_tables(counts)})


@association_view(edit=True, action=Action.AGGREGATES_EXACT)
def stated_count_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = StatedCountForm(request.POST or None, access=access,
                           instance=_next_in_table(access, request))
    return save_form(request, access, form, title=_("New stated figure of an intervention"),
                     cancel_url=_list_url(access), success_url=_list_url(access),
                     another_url=request.get_full_path(), save=save_stated_count)


@association_view(edit=True, action=Action.AGGREGATES_EXACT)
def stated_count_edit(request: HttpRequest, access: Access,
                      stated_count_id: int) -> HttpResponse:
    form = StatedCountForm(request.POST or None, access=access,
                           instance=_count(access, stated_count_id))
    return save_form(request, access, form, title=_("Edit stated figure of an intervention"),
                     cancel_url=_list_url(access), success_url=_list_url(access),
                     save=save_stated_count)


@association_view(edit=True, action=Action.AGGREGATES_EXACT)
def stated_count_delete(request: HttpRequest, access: Access,
                        stated_count_id: int) -> HttpResponse:
    return confirm_delete(request, access, _count(access, stated_count_id),
                          cancel_url=_list_url(access), success_url=_list_url(access),
                          remove=delete_stated_count)
