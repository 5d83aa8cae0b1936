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
