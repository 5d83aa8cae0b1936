"""Error pages in Swedish, inside the layout, saying why and where to go next.

A 403 names the rule that refused the page (read from the page's `@association_view`), so
"you may not" becomes "only the insats' staff keep participant records; ask the office".
Under /api/ errors stay JSON (samsyn.api.errors).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from samsyn.api.errors import page_not_found as api_not_found
from samsyn.associations.access import Action, resolve_access


def _why_forbidden(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    needed: tuple[Any, ...] = tuple(
        getattr(getattr(match, "func", None), "samsyn_access", None) or ())
    slug = (match.kwargs.get("association_slug") if match else None) or ""
    missing = needed
    if slug and needed:
        try:
            access = resolve_access(request.user, slug)
            missing = tuple(a for a in needed if not access.may(a))
        except Exception:  # noqa: S110 - the explanation falls back to every rule
            pass
    if Action.RECORDS_EDIT in missing:
        return _("Only the staff of an insats keep its participant records (add, change, "
                 "import). Ask the office of the förbund to add you as staff of the insats.")
    if Action.RECORDS_READ in missing:
        return _("Participant records are read only by the staff of the insats and by "
                 "analysts. The office sees the figures in the reports instead.")
    if Action.ADMIN in missing or Action.AUDIT_READ in missing:
        return _("Only an administrator of the förbund may do this. Ask your administrator.")
    if Action.FINANCE_READ in missing:
        return _("The economy is open to the office, analysts and the board; staff of an "
                 "insats see it when the office grants it. Ask the office.")
    if {Action.EDIT, Action.FINANCE_EDIT, Action.SURVEYS_EDIT} & set(missing):
        return _("Only the office (kansli) and administrators change this; your role may read "
                 "it. Ask the office if something needs changing.")
    return _("Your role does not give access to this page.")


def _start(request: HttpRequest) -> tuple[str, str]:
    """Where to go instead: the förbund's start page inside one, otherwise the start."""
    match = getattr(request, "resolver_match", None)
    slug = (match.kwargs.get("association_slug") if match else None) or ""
    if slug and request.user.is_authenticated and request.user.memberships.filter(
            association__slug=slug).exists():
        try:
            return reverse("association_home", args=[slug]), _("The start page of the förbund")
        except NoReverseMatch:
            pass
    return reverse("home"), _("The start page")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    url, label = _start(request)
    return render(request, "errors/403.html", {
        "why": message or _why_forbidden(request), "start_url": url, "start_label": label,
    }, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    url, label = _start(request)
    return render(request, "errors/404.html", {"start_url": url, "start_label": label},
                  status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Nothing that needs the database: it may be the database that failed.
    body = loader.get_template("errors/500.html").render({"request": request})
    return HttpResponse(body, status=500)
