import os

import pytest
from hypothesis import settings

# Time is measured by the benchmarks (make bench), not by tests: a loaded CI machine must not
# fail a property because one example ran slowly.
settings.register_profile("samsyn", deadline=None)
# CI runs the same examples every time (derandomised, no example database): a change that
# lands is judged on its own code, never on a lucky or unlucky draw. Developers' runs draw
# afresh and keep failing examples in .hypothesis/ to replay them.
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "samsyn")


@pytest.fixture
def alfa(db):
    from samsyn.testing import make_world

    return make_world("alfa")


@pytest.fixture
def beta(db):
    from samsyn.testing import make_world

    return make_world("beta")


@pytest.fixture
def login(client):
    """Log the client in as a user, second factor given; returns the client."""
    from samsyn.testing import log_in_verified

    def _login(user):
        return log_in_verified(client, user)

    return _login


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo förbund, loaded once for a module (`load_demo`), outside the tests'
    transactions, so flushed afterwards."""
    from io import StringIO

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", "--quiet-logins", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Each test starts in the site's language: a request handled in English by an earlier
    test (LocaleMiddleware activates per request) must not leak into the next one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
