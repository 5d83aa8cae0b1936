"""A förbund's pages are tried first (samsyn/urls.py); that must not change which view answers."""

from django.urls import get_resolver
from django.urls.resolvers import URLResolver


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def test_no_pattern_outside_a_forbund_could_answer_a_path_starting_f():
    top = get_resolver().url_patterns
    assert str(top[0].pattern) == "f/<slug:association_slug>/"
    others = list(_routes(top[1:]))
    assert len(others) > 100
    # A route could match "f/..." only by starting so, or with a converter or a regex.
    assert [route for route in others if route.startswith(("f/", "<", "^"))] == []
