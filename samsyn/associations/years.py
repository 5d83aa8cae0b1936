"""Which year a page opens on: the one asked for, else the one last chosen, else the latest
year with data. "Today" may well be a year nobody has recorded anything for yet (the demo's
records end in 2024), and a page that opens on an empty year tells the user nothing.
"""


from collections.abc import Callable, Iterable

from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils import timezone

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.web.years import FIRST_YEAR, LAST_YEAR

# What each app holds by year, registered by the app (its AppConfig.ready) so that this
# floor asks every app without importing any: models with `association` and `year` fields,
# asked together in one statement, and functions for what is not a year column.
_YEARLY_MODELS: list[type[Model]] = []
_YEAR_FUNCTIONS: list[Callable[[Association], Iterable[int]]] = []


def register_yearly(*models: type[Model]) -> None:
    for model in models:
        if model not in _YEARLY_MODELS:
            _YEARLY_MODELS.append(model)


def register_years(function: Callable[[Association], Iterable[int]]) -> None:
    if function not in _YEAR_FUNCTIONS:
        _YEAR_FUNCTIONS.append(function)


def years_with_data(association: Association) -> list[int]:
    """Every year in which the förbund has a plan, budget, outcome, participants or a survey,
    newest first; each source asked once, in the database."""
    # Kept on the förbund object, which lives for one request: a page asks more than once.
    known = getattr(association, "_samsyn_years_with_data", None)
    if known is None:
        # And in the cache until the förbund's data change (any write moves its version).
        known = association._samsyn_years_with_data = versions.kept(  # type: ignore[attr-defined]
            association, "years", lambda: _years_with_data(association))
    return list(known)


def _years_with_data(a: Association) -> list[int]:
    years: set[int] = set()
    if _YEARLY_MODELS:
        # Kept under the parts of the models' apps: a change of the records (or of anything
        # else no yearly model is in) does not ask them again. The functions keep their own.
        parts = [versions.parts_of(model) for model in _YEARLY_MODELS]
        years.update(versions.kept(
            a, "years:models", lambda: _model_years(a),
            None if None in parts else {part for found in parts for part in found or ()}))
    for function in _YEAR_FUNCTIONS:
        years.update(function(a))
    return sorted((y for y in years if FIRST_YEAR <= y <= LAST_YEAR), reverse=True)


def _model_years(a: Association) -> set[int]:
    yearly = [model._default_manager.filter(association=a).order_by()
              .values_list("year", flat=True) for model in _YEARLY_MODELS]
    # One round trip for all of them (UNION drops the repeats).
    return set(yearly[0].union(*yearly[1:]))


def default_year(association: Association) -> int:
    """The latest year with data that has begun. Next year's plan and budget, entered ahead,
    do not make a page open on a year of which nothing has happened; a förbund whose data are
    all ahead opens on the nearest of those years."""
    years = years_with_data(association)
    this_year = timezone.localdate().year
    begun = [y for y in years if y <= this_year]
    if begun:
        return begun[0]
    return years[-1] if years else this_year


def chosen_year(request: HttpRequest, association: Association, param: str = "year") -> int:
    """The year of `?year=`, remembered for this förbund in the session; a malformed year is a
    404 like any other bad address."""
    key = f"samsyn:year:{association.slug}"
    raw = request.GET.get(param, "")
    if raw:
        if not (raw.isascii() and raw.isdigit()) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
            raise Http404
        if request.session.get(key) != int(raw):  # else the session is written on every page
            request.session[key] = int(raw)
        return int(raw)
    remembered = request.session.get(key)
    if isinstance(remembered, int) and FIRST_YEAR <= remembered <= LAST_YEAR:
        return remembered
    return default_year(association)


def remember_year(request: HttpRequest, association: Association, year: int) -> None:
    """For pages whose year is in the address (/ekonomi/budget/2022/) rather than `?year=`."""
    key = f"samsyn:year:{association.slug}"
    if FIRST_YEAR <= year <= LAST_YEAR and request.session.get(key) != year:
        request.session[key] = year
