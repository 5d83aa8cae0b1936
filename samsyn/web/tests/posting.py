"""Filling in a page's form and sending it back as a browser would: the one helper of the tests
that post forms (the conflict tests, the reason of a change after sign-off, the state walk's
building of a förbund). One copy, so a form field of a new kind (a list, a box) is sent the
same way by each of them."""

import html
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpResponse
from django.test import Client

from samsyn.testing import log_in_verified


def signed_in(user: Any) -> Client:
    """A browser of its own, signed in with the second factor."""
    return log_in_verified(Client(), user)


def fields(page: HttpResponse) -> dict[str, Any]:
    """The values of the page's form as a browser sends them back: the hidden version and
    seen fields included, an unticked box left out, a multiple choice as a list."""
    form = page.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
            continue
        data[name] = "" if value is None else str(value)
    return data


def again(page: HttpResponse) -> dict[str, list[str]]:
    """A refused form's data as the page shows it again (merged), to send once more."""
    data = page.context["form"].data
    return {key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"}


def text(page: HttpResponse) -> str:
    """The page as a reader reads it: no tags, entities read, every run of spaces (a
    non-breaking one in a figure too) one space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())))


def changed(value: str, by: int = 1, mark: str = "(rättad)") -> str:
    """A value that differs from the shown one and still passes its field: a count or a sum
    of kronor `by` more, any other text with `mark` added."""
    plain = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        return str(int(Decimal(plain)) + by)
    except (InvalidOperation, ValueError):  # not a number (ValueError: "NaN")
        return f"{value} {mark}".strip()


def saved(client: Client, url: str, data: dict[str, Any]) -> HttpResponse:
    """Post a form that must be saved: every form redirects when it is, so anything else is
    a failure naming the form's errors."""
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code,
                                         getattr(response, "context", None)
                                         and response.context.get("form")
                                         and response.context["form"].errors)
    return response
