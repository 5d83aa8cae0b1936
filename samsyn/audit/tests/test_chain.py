"""The hash chain as plain functions: any change, removal or swap is found."""

from hypothesis import given
from hypothesis import strategies as st

from samsyn.audit.chain import GENESIS, Link, entry_hash, first_break

FIELDS = st.dictionaries(st.sampled_from(["action", "username", "rows", "detail"]),
                         st.one_of(st.text(max_size=20), st.integers()), min_size=1)


def _chain(fields_list):
    links, prev = [], GENESIS
    for seq, fields in enumerate(fields_list, start=1):
        h = entry_hash(prev, fields)
        links.append(Link(seq, prev, h, fields))
        prev = h
    return links


@given(st.lists(FIELDS, max_size=8))
def test_an_untouched_chain_holds(fields_list):
    assert first_break(_chain(fields_list)) is None


@given(st.lists(FIELDS, min_size=1, max_size=8), st.data())
def test_a_changed_entry_is_found(fields_list, data):
    links = _chain(fields_list)
    i = data.draw(st.integers(0, len(links) - 1))
    changed = {**links[i].fields, "username": "someone-else-" + str(links[i].fields)}
    links[i] = Link(links[i].seq, links[i].prev_hash, links[i].hash, changed)
    broken = first_break(links)
    assert broken is not None and broken.seq == links[i].seq


@given(st.lists(FIELDS, min_size=3, max_size=8), st.data())
def test_a_removed_entry_is_found(fields_list, data):
    links = _chain(fields_list)
    i = data.draw(st.integers(0, len(links) - 2))
    del links[i]
    broken = first_break(links)
    assert broken is not None and broken.reason == "link"
