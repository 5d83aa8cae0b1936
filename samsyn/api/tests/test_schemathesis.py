"""Schemathesis against the API as it runs, with a key: no 5xx, every response as the schema says.

The requests go through the WSGI application in this process, so they see the test förbund.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from samsyn.api.models import ApiToken
from samsyn.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def key(alfa):
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction (PostgreSQL would lose it; SQLite's memory database ignores it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    _token, key = ApiToken.issue(alfa.users["analyst"], "schemathesis", second_factor=True)
    yield key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
@override_settings(SAMSYN_API_RATES={"anon": "100000/min", "user": "100000/min"})
def test_the_api_keeps_its_schema(case, key):
    if "association_slug" in (case.path_parameters or {}):
        case.path_parameters["association_slug"] = "alfa"
    case.call_and_validate(headers={"Authorization": f"Token {key}"})
