"""A document worker freezes what it loaded to start before its first task, once; a task run
in the request's own process (the immediate backend, as in tests) freezes nothing."""

import gc
import weakref

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend

from samsyn.reports import jobs


class _Cycle:
    def __init__(self) -> None:
        self.itself = self


def test_a_worker_collects_then_freezes_its_start_up_once(monkeypatch):
    monkeypatch.setattr(jobs._StartUp, "frozen", False)
    gc.disable()  # so that no collection of its own frees the cycle before the receiver does
    try:
        garbage = weakref.ref(_Cycle())
        assert garbage() is not None
        # As django-tasks-db's worker sends it: the backend itself, not its class.
        jobs.freeze_start_up(sender=DatabaseBackend("worker", {}))
        assert garbage() is None
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        gc.unfreeze()
        jobs.freeze_start_up(sender=DatabaseBackend)  # the second task: nothing more
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_task_run_in_the_request_freezes_nothing(monkeypatch):
    monkeypatch.setattr(jobs._StartUp, "frozen", False)
    jobs.freeze_start_up(sender=ImmediateBackend)
    assert gc.get_freeze_count() == 0
    assert not jobs._StartUp.frozen
