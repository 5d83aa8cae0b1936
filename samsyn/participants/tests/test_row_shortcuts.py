"""The import's per-row shortcuts give the answers of the full tests (issue 29).

A local code is told from a placeholder and from a personnummer by its first character before
any pattern runs: the answers must be those of the patterns alone, for any text.
"""

import re

from hypothesis import example, given
from hypothesis import strategies as st

from samsyn.participants import pseudonym
from samsyn.participants.participation_file import Faults, checked_gender


def _placeholder_by_patterns(value: str) -> bool:
    """`looks_like_placeholder` without its first-character shortcut."""
    text = value.replace(" ", "").upper()
    for pattern in pseudonym._DATED:
        dated = pattern.match(text)
        if dated and not dated[2].isdigit() and pseudonym._plausible_date(dated[1]):
            return True
    return (bool(pseudonym._TEMPLATE.match(text))
            and not text.replace("-", "").replace("+", "").isdigit())


# Texts near the patterns: digits of any script, the template's letters, signs and spaces.
near = st.text(alphabet=st.sampled_from(list("0123456789٣۵ÅåYyMmDdXxNnCcTtFf*#?-+ LOKÄÖ")),
               max_size=16)


@given(st.one_of(near, st.text(max_size=16)))
@example("19800101-XXXX")
@example("ååååmmdd-xxxx")
@example(" 800101-ABCD")
@example("٣٣٣٣٣٣-AB")
@example("LOK-12345")
def test_a_placeholder_is_found_as_by_the_patterns_alone(value):
    assert pseudonym.looks_like_placeholder(value) == _placeholder_by_patterns(value)


@given(st.one_of(near, st.text(max_size=16)), st.sampled_from(["kvinna", "man", "ej_angett"]))
@example("198001019876", "man")
@example(" 19800101-9876 ", "kvinna")
@example("LOK-12345", "man")
def test_the_gender_checked_against_the_number_is_as_the_number_says(value, gender):
    faults = Faults()
    stated = pseudonym.legal_gender(value.strip()) if gender != "ej_angett" else None
    assert checked_gender(gender, value, 7, faults) == (stated or gender)
    assert faults.gender_rows == ([7] if stated and stated != gender else [])


def test_a_local_code_never_starts_like_a_number_or_a_template():
    # The shortcut's premise: what the patterns can start with is a digit or the template's
    # own first characters, and a local code with a letter first starts with neither.
    assert re.match(r"^\[0-9([^\]]*)\]", pseudonym._TEMPLATE.pattern[1:])[1] == (
        pseudonym._TEMPLATE_START)
    assert all(p.pattern.startswith(r"^(\d") for p in pseudonym._DATED)
