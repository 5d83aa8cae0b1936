"""Every service that writes a förbund's rows moves its data version in the same transaction.

Pages keep what they compute under the version (samsyn/associations/versions.py); a writer
that forgot to move it would leave a page showing what was there before. The writers are
found by reading the code: every function that saves, creates, updates or deletes rows must
call `versions.changed` (or a function that does: `save_row`, `delete_row`,
`records_changed`...), or be named below with the reason it need not.
"""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache

from samsyn.associations import versions
from samsyn.associations.access import Access
from samsyn.associations.models import DataVersion, Member
from samsyn.associations.writes import Actor, delete_row, save_row
from samsyn.participants import queries
from samsyn.periods import services as periods
from samsyn.testing import make_world

SAMSYN = Path(__file__).resolve().parents[2]

WRITES = {"save", "delete", "bulk_create", "bulk_update", "create", "get_or_create",
          "update_or_create", "create_user"}
# Calls that move the version themselves.
BUMPS = {"changed", "changed_where", "save_row", "delete_row", "records_changed",
         "intervention_changed"}

# Modules that write no förbund's page data, or are not services.
NOT_SERVICES = (
    "accounts/", "api/", "audit/", "web/", "ops/", "replicas.py", "settings", "testing.py",
    "demo", "/tests/", "/migrations/", "/management/", "conftest.py", "catalog/search.py",
)

# Functions that write but need not move the version, and why.
EXEMPT = {
    "associations/writes.py:_sqlite_write_lock": "an update that changes nothing (a lock)",
    "associations/writes.py:save_row": "moves it",
    "associations/writes.py:delete_row": "moves it",
    "associations/trash.py:keep": "a copy of removed rows; the removal moves the version",
    "associations/trash.py:purge": "old copies: no page shows them as data",
    "associations/versions.py:changed": "the version itself",
    "associations/versions.py:_read": "the version itself, made when first read",
    "associations/versions.py:changed_where": "the version itself",
    "participants/queries.py:intervention_changed": "moves it (by the insats's förbund)",
    "associations/invitations.py:create_account_and_accept": "an account and a membership: "
    "the reader's scope is in every key",
    "associations/invitations.py:withdraw": "an invitation, not shown as the förbund's data",
    "finance/financial.py:ensure_statement_rules": "the default rules, made when missing: the "
    "same rules every time, so no page shows anything else after",
    "finance/sie_import.py:ensure_default_rules": "the default rules, made when missing",
    "home/reminders.py:send": "the log of e-mails sent",
    "home/setup.py:sync": "a step of apply_association, which moves the version",
    "home/setup.py:ensure_demo_users": "demo accounts and memberships",
    "national/services.py:file_rows": "a step of publish and the national import",
    "participants/file_template.py:workbook": "a file written to memory",
    "reports/render.py:to_docx": "a file written to memory",
    "reports/xlsx.py:to_xlsx": "a file written to memory",
    "surveys/services.py:_claim": "an answer waits as pending until the flush, which moves it",
    "surveys/models.py:issue": "an answer link, not data a page shows",
    "associations/invitations.py:invite": "an invitation, not shown as the förbund's data",
    "associations/invitations.py:accept": "a membership: the reader's scope is in every key",
    "home/accessibility.py:report": "a report on the installation's accessibility",
    "participants/snapshots.py:_store": "the first snapshot of a year, or of a period of it "
    "that has just closed, made by the first published view of it: no page showed those "
    "periods' published figures from anything else (the earlier periods are copied byte for "
    "byte)",
    "reports/jobs.py:request_document": "a background document's job row; its page reads it "
    "live, never from a page kept per version",
    "reports/jobs.py:make_document": "the job row and its file, read live",
    "reports/jobs.py:_fail": "the job row's state, read live",
    "reports/jobs.py:purge": "old job rows and files, read live",
    "participants/models.py:save": "the model's own save: the post_save receiver "
    "(participants/signals.py) moves the version",
}


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Attribute):
                if not any(k.arg == "commit" for k in call.keywords):  # save(commit=False)
                    names.add(func.attr)
                # A queryset's update(): `.filter(...).update(...)` or `X.objects.update(...)`.
                if func.attr == "update" and (isinstance(func.value, ast.Call) or (
                        isinstance(func.value, ast.Attribute)
                        and func.value.attr == "objects")):
                    names.add("update()")
            elif isinstance(func, ast.Name):
                names.add(func.id)
    return names


def _functions() -> dict[str, set[str]]:
    found = {}
    for path in sorted(SAMSYN.rglob("*.py")):
        name = path.relative_to(SAMSYN).as_posix()
        if any(part in f"/{name}" or name.startswith(part) for part in NOT_SERVICES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found[f"{name}:{node.name}"] = _calls(node)
    return found


def test_every_function_that_writes_rows_moves_the_forbunds_data_version() -> None:
    functions = _functions()
    bumping = set(BUMPS)
    grew = True
    while grew:  # a function calling one that moves the version moves it too
        grew = False
        for key, calls in functions.items():
            short = key.split(":")[1]
            if short not in bumping and calls & bumping:
                bumping.add(short)
                grew = True
    forgetful = sorted(
        key for key, calls in functions.items()
        if calls & (WRITES | {"update()"}) and not calls & bumping and key not in EXEMPT
        and "views.py:" not in key and "forms.py:" not in key)
    assert forgetful == [], forgetful


def test_the_exemptions_name_functions_that_exist() -> None:
    functions = _functions()
    assert [key for key in EXEMPT if key not in functions] == []


@pytest.mark.django_db
def test_a_save_and_a_delete_through_the_write_path_move_the_version() -> None:
    world = make_world("versions")
    association = world.association
    before = versions.current(association)
    member = Member(association=association, name="Ny medlem", kind="state")
    save_row(Actor.system(association), member)
    after_save = versions.current(association)
    delete_row(Actor.system(association), member)
    after_delete = versions.current(association)
    assert len({before, after_save, after_delete}) == 3


@pytest.mark.django_db
def test_a_change_of_the_records_moves_the_data_version_too() -> None:
    world = make_world("versions")
    before = versions.current(world.association)
    queries.records_changed(world.association)
    assert versions.current(world.association) != before


@pytest.mark.django_db
def test_a_version_is_read_once_in_a_request_and_again_after_a_write(
        django_assert_num_queries) -> None:
    world = make_world("versions")
    first = versions.current(world.association)
    with versions.request_memo():
        with django_assert_num_queries(1):
            assert versions.current(world.association) == first
            assert versions.current(world.association) == first
        versions.changed(world.association)
        assert versions.current(world.association) != first
    assert DataVersion.objects.get(association=world.association).token != first


@pytest.mark.django_db
def test_the_whole_version_the_parts_and_the_records_version_are_one_statement(
        django_assert_num_queries) -> None:
    world = make_world("versions")
    versions.current(world.association)  # the row made
    with versions.request_memo(), django_assert_num_queries(1):
        whole = versions.current(world.association)
        parts = versions.part_tokens(world.association)
        records = queries.records_version(world.association)
    assert records == parts["records"] and whole not in parts.values()


@pytest.mark.django_db
def test_the_records_version_moves_with_any_write_but_one_naming_another_part_only() -> None:
    world = make_world("versions")
    first = queries.records_version(world.association)
    versions.changed(world.association, ["economy", "plan"])
    assert queries.records_version(world.association) == first
    versions.changed(world.association)  # no part named: anything may have changed
    second = queries.records_version(world.association)
    assert second != first
    queries.records_changed(world.association)
    assert queries.records_version(world.association) != second


@pytest.mark.django_db
def test_page_data_is_computed_again_only_after_a_write() -> None:
    cache.clear()
    world = make_world("versions")
    access = Access(world.association, world.memberships["office"])
    made = []

    def compute() -> int:
        made.append(1)
        return len(made)

    assert versions.page_data(access, "test", 2025, compute) == 1
    assert versions.page_data(access, "test", 2025, compute) == 1
    versions.changed(world.association)
    assert versions.page_data(access, "test", 2025, compute) == 2


def test_only_the_version_module_writes_the_version_rows() -> None:
    """A write of the token alone, past `changed`, would leave the parts' tokens where they
    were, and a part of a page kept under them would be shown stale."""
    writers = sorted(
        path.relative_to(SAMSYN).as_posix() for path in SAMSYN.rglob("*.py")
        if "DataVersion.objects" in path.read_text(encoding="utf-8")
        and "/tests/" not in path.as_posix() and "/migrations/" not in path.as_posix())
    assert writers == ["associations/versions.py"]


@pytest.mark.django_db
def test_a_write_naming_its_part_moves_that_part_and_the_whole_version_only() -> None:
    world = make_world("versions")
    before, parts = versions.current(world.association), versions.part_tokens(world.association)
    versions.changed(world.association, ["economy"])
    after = versions.part_tokens(world.association)
    assert versions.current(world.association) != before
    assert [name for name in versions.PARTS if after[name] != parts[name]] == ["economy"]


@pytest.mark.django_db
def test_a_write_naming_no_part_moves_every_part() -> None:
    world = make_world("versions")
    parts = versions.part_tokens(world.association)
    versions.changed(world.association)
    after = versions.part_tokens(world.association)
    assert all(after[name] != parts[name] for name in versions.PARTS)


def test_a_part_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="no such part"):
        versions.changed(1, ["budget"])


def test_a_rows_parts_are_its_apps_and_a_removal_adds_every_row_it_takes_with_it() -> None:
    from samsyn.finance.models import BudgetLine
    from samsyn.interventions.models import Intervention

    assert versions.parts_of(BudgetLine) == ("economy",)
    assert versions.parts_of(Intervention) == ("plan",)
    assert versions.parts_of(Member) is None  # the förbund's own rows are in every part
    # An insats's removal takes its records and budget lines (or names the audit log's
    # rows, which are in no part: then every part).
    taken = versions.parts_of(Intervention, deleting=True)
    assert taken is None or {"records", "economy", "plan"} <= set(taken)


@pytest.mark.django_db
def test_a_records_change_moves_the_records_part_and_no_other() -> None:
    world = make_world("versions")
    parts = versions.part_tokens(world.association)
    queries.records_changed(world.association)
    after = versions.part_tokens(world.association)
    assert [name for name in versions.PARTS if after[name] != parts[name]] == ["records"]


@pytest.mark.django_db
def test_a_part_is_computed_again_only_after_a_write_to_a_part_it_reads() -> None:
    cache.clear()
    world = make_world("versions")
    access = Access(world.association, world.memberships["office"])
    made = []

    def compute() -> int:
        made.append(1)
        return len(made)

    assert versions.part_data(access, "test", ["economy"], 2025, compute) == 1
    versions.changed(world.association, ["records"])
    assert versions.part_data(access, "test", ["economy"], 2025, compute) == 1
    versions.changed(world.association, ["economy"])
    assert versions.part_data(access, "test", ["economy"], 2025, compute) == 2
    versions.changed(world.association)
    assert versions.part_data(access, "test", ["economy"], 2025, compute) == 3


@pytest.mark.django_db
def test_a_sign_off_moves_the_reports_part_and_the_whole_version_only() -> None:
    world = make_world("versions")
    before, parts = versions.current(world.association), versions.part_tokens(world.association)
    periods.sign(world.association, None, "annual-report", dt.date(2024, 1, 1),
                 dt.date(2024, 12, 31))
    after = versions.part_tokens(world.association)
    assert versions.current(world.association) != before
    assert [name for name in versions.PARTS if after[name] != parts[name]] == ["reports"]


def test_the_parts_of_several_models_together_or_none_if_one_is_in_none() -> None:
    from samsyn.finance.models import BudgetLine
    from samsyn.interventions.models import FollowUp
    from samsyn.periods.models import SignedPeriod

    assert versions.parts_in([BudgetLine, FollowUp]) == ("economy", "plan")
    assert versions.parts_in([SignedPeriod]) == ("reports",)
    assert versions.parts_in([BudgetLine, Member]) is None
