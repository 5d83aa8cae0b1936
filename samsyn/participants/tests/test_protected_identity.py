"""People with a protected identity or an interim number: refused by row, never merged."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.participants.models import Participant, Participation
from samsyn.participants.participation_file import PSEUDONYM_FAULTS
from samsyn.participants.pseudonym import (
    PLACEHOLDER_FAULT,
    PlaceholderIdentity,
    PseudonymError,
    association_key,
    hasher,
    looks_like_placeholder,
    pseudonym,
)

KEY = association_key("secret", "salt")
TODAY = dt.date(2026, 1, 1)
HEADER = "insats;deltagare;kön;födelseår;anvisare;startdatum\n"

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
separators = st.sampled_from(["", "-", "+", " - "])


@st.composite
def date_parts(draw):
    born = draw(births)
    written = f"{born:%Y%m%d}" if draw(st.booleans()) else f"{born:%y%m%d}"
    return written


@st.composite
def interim_tails(draw):
    """The tails IVO's T- and TF-numbers, SCB's masks and hand-typed X's make."""
    digit = st.sampled_from("0123456789")
    kind = draw(st.sampled_from(["T", "TF", "mask", "mixed"]))
    if kind == "T":
        return "T" + "".join(draw(st.lists(digit, min_size=3, max_size=3)))
    if kind == "TF":
        return draw(st.sampled_from(["TF", "Tf", "tf"])) + "".join(
            draw(st.lists(digit, min_size=2, max_size=2)))
    if kind == "mask":
        return draw(st.sampled_from(["XXXX", "xxxx", "****", "NNNN", "####"]))
    tail = draw(st.lists(st.sampled_from("0123456789X*"), min_size=4, max_size=4)
                .filter(lambda chars: not all(c.isdigit() for c in chars)))
    return "".join(tail)


@st.composite
def placeholders(draw):
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(["ÅÅÅÅMMDD-XXXX", "ÅÅMMDD-XXXX", "YYYYMMDD-NNNN",
                                     "ååååmmdd-xxxx", "ÅÅÅÅMMDDTF29", "XXXXXX-XXXX"]))
    return draw(date_parts()) + draw(separators) + draw(interim_tails())


@st.composite
def personnummer(draw):
    born = draw(births)
    serial = f"{draw(st.integers(0, 999)):03d}"
    nine = f"{born:%y%m%d}" + serial
    total = 0
    for i, char in enumerate(nine):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    check = str((10 - total % 10) % 10)
    return f"{born:%Y%m%d}-{serial}{check}"


# The local codes the refusal tells staff to use, and the codes insatser already keep.
local_codes = st.from_regex(re.compile(r"[A-ZÅÄÖa-z]{1,8}-?[0-9]{1,6}"), fullmatch=True)


@given(placeholders())
def test_a_placeholder_or_interim_number_is_refused_and_never_hashed(value):
    assert looks_like_placeholder(value)
    with pytest.raises(PlaceholderIdentity) as caught:
        pseudonym(KEY, value, TODAY)
    assert "SKYDD-0001" in str(caught.value)
    # The refusal repeats nothing of what was typed.
    assert value.strip() not in str(caught.value)
    with pytest.raises(PlaceholderIdentity):
        hasher(KEY)(value)


@given(personnummer())
def test_a_valid_personnummer_is_never_taken_for_a_placeholder(value):
    assert not looks_like_placeholder(value)
    assert len(pseudonym(KEY, value, TODAY)) == 64


@given(local_codes)
def test_a_local_code_that_starts_with_letters_is_kept(value):
    assert not looks_like_placeholder(value)
    assert pseudonym(KEY, value) == hasher(KEY)(value)


@given(st.text(max_size=24))
def test_any_text_is_a_pseudonym_or_a_refusal_and_both_paths_agree(value):
    try:
        one = pseudonym(KEY, value)
    except PseudonymError as exc:
        one = type(exc)
    try:
        other = hasher(KEY)(value)
    except PseudonymError as exc:
        other = type(exc)
    assert one == other
    if looks_like_placeholder(value.strip()):
        assert one is PlaceholderIdentity


@given(st.lists(placeholders(), min_size=2, max_size=5))
def test_two_people_written_with_placeholders_are_never_one_pseudonym(values):
    made = set()
    for value in values:
        try:
            made.add(pseudonym(KEY, value, TODAY))
        except PlaceholderIdentity:
            continue
    assert made == set()


def test_the_refusal_is_in_the_catalogue_of_import_faults():
    assert PLACEHOLDER_FAULT in PSEUDONYM_FAULTS


def test_two_people_with_their_own_local_codes_stay_two():
    assert pseudonym(KEY, "SKYDD-0001") != pseudonym(KEY, "SKYDD-0002")


def _import(tmp_path, rows):
    path = tmp_path / "deltagare.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_participations", str(path), "--association", "alfa",
                     stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_an_import_with_placeholders_names_each_row_and_writes_nothing(alfa, tmp_path):
    before = (Participant.objects.count(), Participation.objects.count())
    messages = _import(tmp_path, [
        "vagen-vidare;19800101-T123;Kvinna;1980;FK;2022-03-01\n",
        "vagen-vidare;19800101-T123;Man;1980;FK;2022-03-01\n",
        "vagen-vidare;ÅÅÅÅMMDD-XXXX;Man;1975;FK;2022-03-01\n",
    ])
    for row in (2, 3, 4):
        assert (f"rad {row}, kolumn deltagare: ett platshållar- eller interimsnummer "
                "(skyddad identitet, T- eller reservnummer) skiljer inte personer åt") in messages
    assert "SKYDD-0001" in messages
    assert "19800101-T123" not in messages
    assert (Participant.objects.count(), Participation.objects.count()) == before


def test_the_form_refuses_a_placeholder_and_says_how_to_register_the_person(alfa, login):
    client = login(alfa.users["staff"])
    before = Participation.objects.count()
    response = client.post(
        reverse("participation_create", args=["alfa", "vagen-vidare"]),
        {"participant_id": "19800101-TF10", "gender": "kvinna", "birth_year": "1980",
         "referrer": "fk", "start_date": "2022-03-01"})
    assert response.status_code == 200
    assert "en lokal kod som insatsen håller" in response.content.decode()
    assert "SKYDD-0001" in response.content.decode()
    assert Participation.objects.count() == before


def test_people_registered_with_local_codes_import_as_two_participants(alfa, tmp_path):
    path = tmp_path / "koder.csv"
    path.write_text(HEADER + "vagen-vidare;SKYDD-0001;Kvinna;1980;FK;2022-03-01\n"
                    "vagen-vidare;SKYDD-0002;Man;1980;FK;2022-03-01\n", encoding="utf-8")
    call_command("import_participations", str(path), "--association", "alfa",
                 stdout=StringIO(), stderr=StringIO())
    started = Participation.objects.filter(intervention=alfa.intervention,
                                           start_date=dt.date(2022, 3, 1))
    assert started.count() == 2
    assert len({p.participant_id for p in started}) == 2


def test_the_register_extract_refuses_a_placeholder_and_finds_nobody(alfa, login):
    client = login(alfa.users["staff"])
    response = client.post(reverse("register_extract", args=["alfa"]),
                           {"personnummer": "ÅÅÅÅMMDD-XXXX"})
    assert response.status_code == 200
    assert "SKYDD-0001" in response.content.decode()
    assert response.context["found"] is None
