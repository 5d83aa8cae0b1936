"""The search page of a förbund (samsyn.home.search)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from samsyn.associations.access import Access, association_view
from samsyn.home.search import MAX_RESULTS, search

# The heading of each group of results.
GROUPS = {
    "intervention": gettext_lazy("Interventions"),
    "plan": gettext_lazy("The plan"),
    "document": gettext_lazy("Documents"),
    "budget": gettext_lazy("Budget lines"),
}


@association_view()
def association_search(request: HttpRequest, access: Access) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    found = search(access, text) if text else {}
    return render(request, "home/search.html", {
        "access": access, "association": access.association, "q": text,
        "groups": [(kind, GROUPS[kind], entries) for kind, entries in found.items()],
        "count": sum(len(e) for e in found.values()), "limit": MAX_RESULTS,
    })
