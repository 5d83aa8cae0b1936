"""No personnummer at rest after a web import, whether confirmed, refused, cancelled or abandoned.

Every table (the session store included), the folder where uploads are spooled and the folder of
pending imports are searched for every way of writing the number.
"""

import io
import os
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from samsyn.participants import importing
from samsyn.participants.models import Participation
from samsyn.participants.services import pseudonymiser

PNR = "19811218-9876"
FORMS = ("198112189876", "8112189876", "19811218-9876", "811218-9876", "811218 9876")
HEADER = "insats;deltagare;kön;födelseår;anvisare;startdatum\n"
GOOD = HEADER + f"vagen-vidare;{PNR};Man;1981;FK;2022-03-01\n"
REFUSED = GOOD + "vagen-vidare;811218-9876;Robot;1981;FK;2022-03-02\n"


@pytest.fixture
def folders(settings, tmp_path):
    folders = {name: tmp_path / name for name in ("pending", "uploads", "media")}
    for path in folders.values():
        path.mkdir()
    settings.IMPORT_PENDING_DIR = str(folders["pending"])
    settings.FILE_UPLOAD_TEMP_DIR = str(folders["uploads"])
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload is spooled to disk
    settings.MEDIA_ROOT = str(folders["media"])
    return folders


def _everything_at_rest(folders: dict[str, Path]) -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from Django
            parts.extend(str(row) for row in cursor.fetchall())
    for folder in folders.values():
        for path in folder.rglob("*"):
            if path.is_file():
                parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _assert_no_personnummer(folders: dict[str, Path]) -> None:
    everything = _everything_at_rest(folders)
    for form in FORMS:
        assert form not in everything


def _upload(client, text: str):
    upload = io.BytesIO(text.encode())
    upload.name = "deltagare.csv"
    return client.post(reverse("participations_import", args=["alfa"]), {"file": upload})


def test_a_confirmed_import_leaves_no_personnummer_and_no_pending_file(alfa, login, folders):
    client = login(alfa.users["staff"])
    preview = _upload(client, GOOD)
    assert "1 nya deltaganden" in preview.content.decode()
    assert len(list(folders["pending"].iterdir())) == 1
    _assert_no_personnummer(folders)
    token = client.session["samsyn_participations_import"]["token"]
    response = client.post(reverse("participations_import", args=["alfa"]),
                           {"action": "import", "token": token})
    assert response.status_code == 302
    assert Participation.objects.filter(start_date="2022-03-01").count() == 1
    assert list(folders["pending"].iterdir()) == []
    _assert_no_personnummer(folders)


def test_a_refused_import_keeps_nothing(alfa, login, folders):
    client = login(alfa.users["staff"])
    page = _upload(client, REFUSED).content.decode()
    assert "rad 3, kolumn kön" in page
    assert "samsyn_participations_import" not in client.session
    assert list(folders["pending"].iterdir()) == []
    _assert_no_personnummer(folders)


def test_a_cancelled_import_deletes_its_pending_rows(alfa, login, folders):
    client = login(alfa.users["staff"])
    _upload(client, GOOD)
    client.post(reverse("participations_import", args=["alfa"]), {"action": "cancel"})
    assert list(folders["pending"].iterdir()) == []
    assert not Participation.objects.filter(start_date="2022-03-01").exists()
    _assert_no_personnummer(folders)


def test_an_abandoned_import_holds_only_pseudonyms_and_expires(alfa, login, folders, settings):
    client = login(alfa.users["staff"])
    _upload(client, GOOD)
    (pending,) = folders["pending"].iterdir()
    key = pseudonymiser(alfa.association)(PNR)
    assert key in pending.read_text()
    _assert_no_personnummer(folders)
    old = time.time() - settings.IMPORT_PENDING_SECONDS - 1
    os.utime(pending, (old, old))
    client.get(reverse("participations_import", args=["alfa"]))  # any visit sweeps
    assert not pending.exists()
    token = client.session["samsyn_participations_import"]["token"]
    response = client.post(reverse("participations_import", args=["alfa"]),
                           {"action": "import", "token": token})
    assert response.status_code == 302  # "upload again": nothing to confirm any more
    assert not Participation.objects.filter(start_date="2022-03-01").exists()


def test_another_user_cannot_confirm_someone_elses_preview(alfa, login, folders, client):
    staff = login(alfa.users["staff"])
    _upload(staff, GOOD)
    token = staff.session["samsyn_participations_import"]["token"]
    assert importing.pending_rows(token, alfa.association.pk, alfa.users["analyst"].pk) is None
    assert importing.pending_rows(token, alfa.association.pk, alfa.users["staff"].pk) is not None
