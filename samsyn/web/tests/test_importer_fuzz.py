"""Hypothesis fuzzes every importer: random bytes and mutations of a good file.

Each importer must answer with an import or its own refusal (a Swedish message); any other
exception is a crash. Nothing an example writes is kept when the import is refused.
"""

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.association_file import AssociationFileError, parse_association
from samsyn.finance.national import NationalModelError, read_areas
from samsyn.home.setup import apply_association
from samsyn.participants import importing
from samsyn.participants.participation_file import FileError
from samsyn.participants.services import Scope
from samsyn.surveys import services as surveys
from samsyn.web.tabular import Limits, TabularError, csv_rows, load_json, table_rows

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
LIMITS = Limits(max_bytes=200_000, max_rows=500, max_line=2_000, max_columns=50,
                max_json_depth=20, max_xlsx_expanded=2_000_000)

GOOD_PARTICIPATIONS = (
    "intervention;participant;gender;birth_year;municipality;referrer;start_date;"
    "support_at_start;end_date;exit_reason;occupation_at_start;occupation_at_exit;"
    "support_at_exit;followup_date;followup_occupation;followup_support\n"
    "vagen-vidare;LOK-1;kvinna;1981;Alfa kommun;fk;2022-01-10;forsorjningsstod;2022-06-30;"
    "arbete;arbetssokande;arbete;lon;2022-12-30;arbete;lon\n"
    "vagen-vidare;LOK-2;man;1999;;kaa;2022-02-01;;;;;;;;;\n"
)
PIECES = st.sampled_from(["", ";", ",", "\n", "\r", "\r\n", '"', "\x00", "²", "ä", "\x81",
                          "9" * 25, "-1", "2022-02-30", "0001-01-01", "=1+1", "\t", "Ä" * 300,
                          "intervention", "LOK-9", "811218-9876", "NaN", "1e999"])


@st.composite
def mutated(draw, good: str) -> bytes:
    """A good file with pieces inserted, cut out or repeated, in one of its encodings."""
    text = good
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "cut", "repeat"]))
        if action == "insert":
            text = text[:at] + draw(PIECES) + text[at:]
        elif action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        else:
            text = text[:at] + text[at:at + 30] * draw(st.integers(2, 5)) + text[at + 30:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


FILES = st.one_of(st.binary(max_size=600), mutated(GOOD_PARTICIPATIONS))


def test_the_table_reader_yields_rows_or_refuses():
    @FUZZ
    @given(data=st.one_of(st.binary(max_size=3000), mutated(GOOD_PARTICIPATIONS)),
           name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
    def check(data: bytes, name: str) -> None:
        try:
            for number, cells in table_rows(io.BytesIO(data), name, LIMITS):
                assert number >= 1 and isinstance(cells, list)
        except TabularError as exc:
            assert str(exc)

    check()


@pytest.mark.django_db
def test_the_participations_importer_imports_or_lists_faults(alfa):
    scope = Scope.whole(alfa.association)

    @FUZZ
    @given(data=FILES)
    def check(data: bytes) -> None:
        try:
            summary = importing.import_file(scope, io.BytesIO(data), "d.csv", apply=False,
                                            user=None)
        except FileError as exc:
            assert str(exc)
            return
        assert summary.errors or summary.create + summary.update + summary.unchanged >= 0

    check()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["slug", "name", "members", "kind", "population",
                                       "interventions", "start", "end", "goals", "target",
                                       "settings", "state_share", "municipalities", "plans",
                                       "year", "focus_areas", "questions", "code", "text",
                                       "scale", "low", "high", "group", "x"]),
                      children, max_size=6),
    max_leaves=25,
)


@st.composite
def association_files(draw) -> object:
    base = {"slug": "fuzz", "name": "Fuzz",
            "members": [{"name": "Alfa", "kind": "kommun", "population": {"2022-11-01": 10}}],
            "interventions": [{"slug": "i", "name": "I", "kind": "individual",
                               "start": "2022-01-01", "municipalities": ["Alfa"]}]}
    for _ in range(draw(st.integers(1, 3))):
        base[draw(st.sampled_from(["slug", "name", "members", "interventions", "settings",
                                   "plans", "x"]))] = draw(JSON)
    return base


@pytest.mark.django_db(transaction=False)
def test_the_association_file_is_applied_or_refused():
    @FUZZ
    @given(data=st.one_of(association_files(), JSON))
    def check(data: object) -> None:
        try:
            apply_association(parse_association(data))
        except AssociationFileError as exc:
            assert exc.errors

    check()


def test_association_json_text_is_read_or_refused():
    @FUZZ
    @given(data=st.one_of(st.binary(max_size=300),
                          st.builds(lambda v: json.dumps(v).encode(), JSON),
                          st.integers(1, 60).map(lambda n: b"[" * n + b"]" * n)))
    def check(data: bytes) -> None:
        try:
            load_json(data, LIMITS)
        except TabularError as exc:
            assert str(exc)

    check()


@pytest.mark.django_db
def test_a_survey_template_is_loaded_or_refused(alfa):
    good = {"name": "T", "group": "deltagare",
            "scale": {"low": 1, "high": 10, "negative_max": 4, "positive_min": 7,
                      "clearly_positive_min": 9},
            "questions": [{"code": "A", "text": "?"}]}

    @FUZZ
    @given(data=st.one_of(JSON, st.builds(lambda k, v: {**good, k: v},
                                          st.sampled_from(list(good)), JSON)))
    def check(data: object) -> None:
        try:
            surveys.load_template(alfa.association,
                                  surveys.read_template(json.dumps(data).encode()))
        except surveys.SurveyError as exc:
            assert str(exc)

    check()


@pytest.mark.django_db
def test_survey_answers_are_imported_or_refused(alfa):
    survey = alfa.extra["survey_round"]
    codes = list(survey.template.questions.values_list("code", flat=True))[:3]
    good = ";".join(codes) + "\n" + ";".join(["5"] * len(codes)) + "\n"

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=400), mutated(good)))
    def check(data: bytes) -> None:
        try:
            surveys.import_answers(survey, data)
        except surveys.SurveyError as exc:
            assert str(exc)

    check()


def test_the_national_model_file_is_read_or_refused():
    good = ("förbund;försörjningsmått;befolkning 16-64;fjolårets tilldelning\n"
            "A;500;25 000;9 000 000\nB;300,5;25 000;\n")

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=400), mutated(good)))
    def check(data: bytes) -> None:
        try:
            areas = read_areas(csv_rows(io.BytesIO(data), LIMITS))
        except (NationalModelError, TabularError) as exc:
            assert str(exc)
            return
        assert areas

    check()
