"""Every importer meets every hostile file (tests/hostile/) through the web and the command line.

A hostile file must give a clear refusal (a form error, a page listing the faults, or a
one-line CommandError) or a correct import: never a traceback, never a 500, never a half-written
import. The limits are lowered so that the large files trip them quickly; the files themselves
are kept in the repository (see hostile/README.md for what each one is).
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from samsyn.participants.models import Participation
from samsyn.surveys.models import Response

HOSTILE = sorted(p for p in (Path(__file__).parent / "hostile").iterdir() if p.suffix != ".md")
NAMES = [p.name for p in HOSTILE]


@pytest.fixture(autouse=True)
def lowered_limits(settings, tmp_path):
    settings.IMPORT_MAX_XLSX_EXPANDED = 10 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = 10_000
    settings.IMPORT_PENDING_DIR = str(tmp_path / "pending")


def _command(world, importer, path):
    args = {
        "participations": ("import_participations", str(path), "--association", "alfa"),
        "association": ("setup_association", str(path)),
        "survey_template": ("load_survey_template", str(path), "--association", "alfa"),
        "survey_answers": ("import_survey_answers", str(path), "--association", "alfa",
                           "--round", str(world.extra["survey_round"].pk)),
    }[importer]
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return str(exc), err.getvalue()
    return None, err.getvalue()


@pytest.mark.parametrize("importer", ["participations", "association", "survey_template",
                                      "survey_answers"])
@pytest.mark.parametrize("path", HOSTILE, ids=NAMES)
def test_the_command_line_refuses_a_hostile_file_in_one_line_or_imports_it(
        alfa, importer, path):
    before = (Participation.objects.count(), Response.objects.count())
    refusal, err = _command(alfa, importer, path)
    if refusal is not None:
        assert "\n" not in refusal and refusal.strip()
        assert "Traceback" not in err
        assert (Participation.objects.count(), Response.objects.count()) == before


def _post(client, world, importer, path):
    upload = io.BytesIO(path.read_bytes())
    upload.name = path.name
    if importer == "participations":
        return client.post(reverse("participations_import", args=["alfa"]), {"file": upload})
    if importer == "survey_template":
        return client.post(reverse("template_load", args=["alfa"]), {"file": upload})
    if importer == "survey_answers":
        return client.post(reverse("round_import",
                                   args=["alfa", world.extra["survey_round"].pk]),
                           {"file": upload})
    return client.post(reverse("national_model", args=["alfa"]), {
        "national_sum": "10000000", "base": "400000", "he_weight": "75", "areas": upload})


@pytest.mark.parametrize("importer", ["participations", "survey_template", "survey_answers",
                                      "national_model"])
@pytest.mark.parametrize("path", HOSTILE, ids=NAMES)
def test_the_web_refuses_a_hostile_file_with_a_message_or_imports_it(
        alfa, login, importer, path):
    role = {"participations": "staff", "national_model": "analyst"}.get(importer, "office")
    client = login(alfa.users[role])
    before = (Participation.objects.count(), Response.objects.count())
    response = _post(client, alfa, importer, path)
    # The test client raises any exception a view lets through: reaching here means no 500.
    assert response.status_code in (200, 302)
    if importer == "participations":  # a preview never writes
        assert (Participation.objects.count(), Response.objects.count()) == before


def _errors(path, tmp_path):
    out = io.StringIO()
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_participations", str(path), "--association", "alfa",
                     stdout=out, stderr=err)
    return str(caught.value) + "\n" + err.getvalue()


HERE = Path(__file__).parent / "hostile"


def test_undefined_windows_1252_bytes_are_read_and_the_row_named(alfa, tmp_path):
    errors = _errors(HERE / "cp1252_undefined_bytes.csv", tmp_path)
    assert "rad 3, kolumn Insats: ingen insats 'v\\x81gen'" in errors
    assert "rad 2" not in errors  # the row in Windows-1252 with å, ä, ö is read right


def test_cr_only_and_mixed_line_endings_import(alfa):
    before = Participation.objects.count()
    call_command("import_participations", str(HERE / "cr_only_line_endings.csv"),
                 "--association", "alfa", stdout=io.StringIO())
    call_command("import_participations", str(HERE / "mixed_line_endings.csv"),
                 "--association", "alfa", stdout=io.StringIO())
    assert Participation.objects.count() == before + 2


def test_digits_that_are_not_ascii_are_not_a_birth_year(alfa, tmp_path):
    errors = _errors(HERE / "superscript_digits.csv", tmp_path)
    assert "rad 2, kolumn birth_year: '19²1' är inte ett födelseår" in errors
    assert "rad 3, kolumn birth_year" in errors


def test_out_of_range_numbers_and_dates_are_named_before_the_database_sees_them(alfa, tmp_path):
    errors = _errors(HERE / "out_of_range_values.csv", tmp_path)
    assert "rad 2, kolumn birth_year" in errors
    assert "rad 2, kolumn start_date: '9999-12-31' är inte ett datum mellan 1900 och 2100" \
        in errors


def test_a_long_line_is_refused_with_its_number(alfa, tmp_path):
    assert "Rad 2 är längre än 65536 tecken" in _errors(HERE / "long_line.csv", tmp_path)


def test_an_xlsx_that_expands_too_far_is_refused_before_it_is_expanded(alfa, tmp_path):
    assert "packas upp till 38,1 MB; högst 10,0 MB" in _errors(HERE / "expands_40mb.xlsx",
                                                              tmp_path)


def test_deep_json_is_refused_with_its_line(alfa):
    with pytest.raises(CommandError):
        call_command("setup_association", str(HERE / "deep.json"), stdout=io.StringIO(),
                     stderr=(err := io.StringIO()))
    assert "Rad 1: JSON-texten är nästlad djupare än 32 nivåer" in err.getvalue()


def test_the_national_model_upload_has_a_size_limit(alfa, login, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client = login(alfa.users["analyst"])
    page = _post(client, alfa, "national_model", HERE / "huge_numbers.csv").content.decode()
    assert "högst 0,0 MB kan läsas" in page
