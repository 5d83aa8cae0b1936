"""The audit log searched from the first day a date field takes to the last: every entry,
never a 500 (the fuzz found 0001-01-01 and 9999-12-31 overflowing)."""

import pytest
from django.urls import reverse

from samsyn.audit.models import Category
from samsyn.audit.services import record


@pytest.mark.parametrize("start,end", [("0001-01-01", "0001-12-31"),
                                       ("9999-01-01", "9999-12-31"),
                                       ("0001-01-01", "9999-12-31"),
                                       ("0001-01-02", "9999-12-30")])
@pytest.mark.parametrize("export", [False, True])
def test_a_search_to_the_ends_of_the_calendar_answers_with_the_entries_inside(
        alfa, login, start, end, export):
    record(category=Category.DATA, action="delete", user=alfa.users["office"],
           association=alfa.association, obj=alfa.members["kommun"])
    url = reverse("audit_search", args=[alfa.association.slug])
    query = {"start": start, "end": end, **({"format": "csv"} if export else {})}
    page = login(alfa.users["admin"]).get(url, query)
    assert page.status_code == 200
    text = b"".join(page.streaming_content) if page.streaming else page.content
    whole = start.startswith("0001") and end.startswith("9999")
    # The page names the member; the export gives its kind and number.
    marker = b"associations.Member" if export else str(alfa.members["kommun"]).encode()
    assert (marker in text) == whole
