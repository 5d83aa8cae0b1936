"""Report reads go to a read replica; writes, and reads after a write, go to the primary."""

import os
import time

import dj_database_url
import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from samsyn import replicas
from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.replicas import PinPrimaryMiddleware, ReplicaRouter, fresh_request, replica_reads
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report

REPLICA_URL = os.environ.get("SAMSYN_TEST_REPLICA_URL")


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])


def test_without_replicas_everything_reads_the_primary():
    with fresh_request(), replica_reads():
        assert ReplicaRouter().db_for_read(Association) == "default"


def test_report_reads_go_to_the_replica_until_something_is_written(one_replica):
    router = ReplicaRouter()
    with fresh_request():
        assert router.db_for_read(Association) == "default"  # not a report read
        with replica_reads():
            assert router.db_for_read(Association) == "replica1"
            assert router.db_for_write(Association) == "default"
            assert router.db_for_read(Association) == "default"
    with fresh_request(pinned=True), replica_reads():
        assert router.db_for_read(Association) == "default"


def test_a_request_that_wrote_pins_the_browser_to_the_primary(one_replica, rf, settings):
    def writes(request):
        ReplicaRouter().db_for_write(Association)
        from django.http import HttpResponse
        return HttpResponse()

    def reads(request):
        from django.http import HttpResponse
        return HttpResponse()

    response = PinPrimaryMiddleware(writes)(rf.post("/"))
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == settings.SAMSYN_REPLICA_PIN_SECONDS
    assert replicas.PIN_COOKIE not in PinPrimaryMiddleware(reads)(rf.get("/")).cookies


@pytest.fixture
def real_replica(transactional_db, monkeypatch):
    """The test database as a streaming replica sees it (scripts/pg_replica.sh, .ci/run)."""
    if not REPLICA_URL:
        pytest.skip("SAMSYN_TEST_REPLICA_URL is not set (.ci/run starts a replica and sets it)")
    assert connection.vendor == "postgresql", "the replica test needs DATABASE_URL=postgres://"
    replica = dj_database_url.parse(REPLICA_URL)
    replica["NAME"] = connection.settings_dict["NAME"]
    configured = connections.configure_settings(
        {"default": dict(connection.settings_dict), "replica1": replica})["replica1"]
    # A connection made here, as settings would make it for DATABASE_REPLICA_URLS; the test
    # database exists on the replica because the primary's whole cluster streams to it.
    wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, "replica1")
    connections["replica1"] = wrapper
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])
    try:
        yield "replica1"
    finally:
        wrapper.close()
        del connections["replica1"]


def _replicated(alias, slug):
    # Streaming is asynchronous: wait (a minute at most) until the replica has the row.
    for _ in range(600):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM associations_association WHERE slug = %s",
                           [slug])
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False


def test_a_real_replica_serves_report_reads_and_never_a_write(real_replica, alfa):
    with connections[real_replica].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    assert _replicated(real_replica, alfa.association.slug)

    kind = get_kind("participants")
    expected = to_json(build_report(kind, Scope.system(alfa.association), 2022))
    with fresh_request(), CaptureQueriesContext(connections[real_replica]) as on_replica, \
            CaptureQueriesContext(connection) as on_primary:
        report = build_report(kind, Scope.system(alfa.association), 2022)
    assert to_json(report) == expected
    assert len(on_replica) > 0
    assert not any("participation" in q["sql"] for q in on_primary), "\n".join(
        q["sql"][:150] for q in on_primary)

    with fresh_request(), CaptureQueriesContext(connections[real_replica]) as on_replica:
        Association.objects.filter(pk=alfa.association.pk).update(name="Ändrat namn")
        with replica_reads():
            name = Association.objects.get(pk=alfa.association.pk).name
    # Read after the write: from the primary, so the change is seen at once.
    assert name == "Ändrat namn"
    assert len(on_replica) == 0


@pytest.fixture
def other_worker():
    """A second connection to the test database, as another worker of the server holds one."""
    settings = dict(connection.settings_dict)
    connections["other"] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "other")
    try:
        yield "other"
    finally:
        connections["other"].close()
        del connections["other"]


def _count():
    return Association.objects.count()


@pytest.mark.django_db(transaction=True)
def test_reads_in_one_snapshot_share_one_transaction():
    with replicas.one_snapshot():
        assert connection.in_atomic_block
        _count()
    assert not connection.in_atomic_block


@pytest.mark.django_db(transaction=True)
def test_a_write_between_two_reads_of_one_snapshot_is_seen_by_neither(other_worker):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in the tests is one in-memory database a second connection "
                    "cannot write to beside a reader; PostgreSQL runs this in CI")
    with replicas.one_snapshot():
        before = _count()
        # Another worker writes and commits between the two reads.
        Association.objects.using(other_worker).create(name="Snap", slug="snap")
        assert _count() == before
    assert _count() == before + 1
