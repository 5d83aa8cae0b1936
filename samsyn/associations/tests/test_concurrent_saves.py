"""Two saves of one row at the same moment, each from the version both read: one is saved,
the other refused as a conflict; never both, never a lost update, never a 500."""

import threading
import time

from django.db import OperationalError, connections

from samsyn.associations.models import Member
from samsyn.associations.services import save_member
from samsyn.associations.writes import Actor, Conflict
from samsyn.testing import make_world


def test_of_two_concurrent_saves_from_one_version_one_wins_and_one_is_told(transactional_db):
    world = make_world("alfa")
    pk = world.members["kommun"].pk
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(name: str) -> None:
        try:
            member = Member.objects.get(pk=pk)  # both read version 0
            actor = Actor.system(world.association)
            start.wait()
            member.name = name
            # SQLite's shared in-memory test database refuses a second writer at once ("table
            # is locked") where a file database waits; the writer tries again, as a person
            # would, and must then be told of the other's save.
            for _attempt in range(20):
                try:
                    save_member(actor, member, version=0)
                except Conflict as conflict:
                    outcomes[name] = f"conflict at {conflict.version}"
                except OperationalError:
                    time.sleep(0.05)
                    continue
                else:
                    outcomes[name] = "saved"
                break
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("Alfa stad", "Alfa tätort")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["conflict at 1", "saved"], outcomes
    member = Member.objects.get(pk=pk)
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert (member.name, member.version) == (winner, 1)
