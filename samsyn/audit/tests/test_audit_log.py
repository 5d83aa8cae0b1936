"""The audit log: append-only, chained, searched and exported by the admin only."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from samsyn.audit.models import AppendOnly, AuditEntry, Category
from samsyn.audit.services import record, security_event, verify


def _some(n=3):
    return [record(category=Category.DATA, action=f"save-{i}", username="x") for i in range(n)]


def test_each_entry_carries_the_hash_of_the_one_before(db):
    a, b, c = _some()
    assert (b.prev_hash, c.prev_hash) == (a.hash, b.hash)
    assert verify() == (3, None)


def test_there_is_no_update_or_delete_path_in_the_code(db):
    entry = _some(1)[0]
    entry.action = "forged"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_an_update_past_the_code(db):
    entry = _some(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'forged' WHERE id = %s",
                       [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_verify_audit_names_the_entry_changed_behind_the_codes_back(db):
    _a, b, _c = _some()
    call_command("verify_audit")
    # Someone with the database's owner rights drops the trigger and rewrites an entry.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER samsyn_audit_no_update"
                       + (" ON audit_auditentry" if connection.vendor == "postgresql" else ""))
        cursor.execute("UPDATE audit_auditentry SET username = 'nobody' WHERE id = %s",
                       [b.pk])
    with pytest.raises(CommandError, match=rf"audit entry {b.pk} \(written .*\) was changed"):
        call_command("verify_audit")


def test_reading_a_participations_edit_and_delete_pages_is_logged(alfa, login):
    participation = alfa.extra["participation"]
    client = login(alfa.users["staff"])
    for name in ("participation_edit", "participation_delete"):
        url = reverse(name, args=[alfa.association.slug, alfa.intervention.slug,
                                  participation.pk])
        assert client.get(url).status_code == 200
    actions = set(AuditEntry.objects.filter(category=Category.RECORD,
                                            username=alfa.users["staff"].username)
                  .values_list("action", flat=True))
    assert {"open_edit", "open_delete"} <= actions


def test_a_register_search_with_no_hit_is_logged(alfa, login):
    client = login(alfa.users["staff"])
    client.post(reverse("register_extract", args=[alfa.association.slug]),
                {"personnummer": "19121212-1212"})
    entry = AuditEntry.objects.filter(action="extract").latest("pk")
    assert (entry.rows, entry.username) == (0, alfa.users["staff"].username)


def test_a_saved_form_is_logged_with_its_object(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("target_group_edit", args=[alfa.association.slug, alfa.target_group.pk])
    client.post(url, {"name": "Unga", "age_min": 16, "age_max": 29})
    entry = AuditEntry.objects.filter(category=Category.DATA, action="save").latest("pk")
    assert (entry.object_type, entry.object_id) == (
        "interventions.TargetGroup", str(alfa.target_group.pk))


def test_the_admin_searches_and_exports_and_the_export_is_logged(alfa, beta, login):
    security_event("login", user=alfa.users["analyst"])
    security_event("login", user=beta.users["analyst"])
    client = login(alfa.users["admin"])
    url = reverse("audit_search", args=[alfa.association.slug])
    page = client.get(url, {"who": "analyst"}).content.decode()
    assert alfa.users["analyst"].username in page
    assert beta.users["analyst"].username not in page
    export = client.get(url, {"who": "analyst", "format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert alfa.users["analyst"].username in export.content.decode()
    assert AuditEntry.objects.filter(action="audit_export").exists()


@pytest.mark.parametrize("role", ["office", "analyst", "staff", "board"])
def test_only_the_admin_reads_the_audit_log(alfa, login, role):
    client = login(alfa.users[role])
    assert client.get(reverse("audit_search", args=[alfa.association.slug])).status_code == 403


def _drop_delete_guard() -> None:
    with connection.cursor() as cursor:
        for trigger in ("samsyn_audit_no_delete", "samsyn_audit_no_update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}"
                           + (" ON audit_auditentry" if connection.vendor == "postgresql"
                              else ""))


def test_a_chain_cut_short_still_verifies_alone_but_not_against_its_anchor(db, tmp_path):
    import json

    from samsyn.audit.services import anchor

    *_rest, newest = _some(4)
    kept = tmp_path / "backup.audit-anchor.json"
    kept.write_text(json.dumps(anchor()))
    call_command("verify_audit", "--anchor", str(kept))
    # Someone with the owner's rights drops the guards and trims the newest entry.
    _drop_delete_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [newest.pk])
    call_command("verify_audit")  # the shorter chain holds on its own ...
    with pytest.raises(CommandError, match="cut short"):  # ... but not against the anchor
        call_command("verify_audit", "--anchor", str(kept))


def test_a_tail_rewritten_even_with_the_key_is_caught_by_the_anchor(db, tmp_path):
    import json

    from samsyn.audit import chain
    from samsyn.audit.services import anchor, audit_key

    _some(3)
    kept = tmp_path / "a.json"
    kept.write_text(json.dumps(anchor()))
    with pytest.raises(CommandError, match="not a readable anchor"):
        call_command("verify_audit", "--anchor", str(tmp_path / "missing.json"))
    # Someone who holds the audit key as well rewrites the newest entry with a hash made
    # anew: the chain alone holds (test_keyed_chain.py: without the key it does not).
    last = AuditEntry.objects.latest("pk")
    last.username = "nobody"
    forged = chain.entry_hash(last.prev_hash, last.hashed_fields(), audit_key())
    _drop_delete_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET username = %s, hash = %s WHERE id = %s",
                       ["nobody", forged, last.pk])
    call_command("verify_audit")
    with pytest.raises(CommandError, match="rewritten"):
        call_command("verify_audit", "--anchor", str(kept))
