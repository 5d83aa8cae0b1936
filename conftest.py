import pytest
from hypothesis import settings

# Time is measured by the benchmarks (make bench), not by tests: a loaded CI machine must not
# fail a property because one example ran slowly.
settings.register_profile("samsyn", deadline=None)
settings.load_profile("samsyn")


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


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Each test starts in the site's language: a request handled in English by an earlier
    test (LocaleMiddleware activates per request) must not leak into the next one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
