"""The hash chain as plain functions: any change, removal or swap is found."""

from hypothesis import given
from hypothesis import strategies as st

from samsyn.audit.chain import GENESIS, KEYED, PLAIN, Link, entry_hash, first_break

KEY = b"test-key"
FIELDS = st.dictionaries(st.sampled_from(["action", "username", "rows", "detail"]),
                         st.one_of(st.text(max_size=20), st.integers()), min_size=1)


def _chain(fields_list, key=KEY, plain=0):
    """Keyed links, the first `plain` of them with the plain hash of before the key."""
    links, prev = [], GENESIS
    for seq, fields in enumerate(fields_list, start=1):
        scheme = PLAIN if seq <= plain else KEYED
        h = entry_hash(prev, fields, key if scheme == KEYED else None)
        links.append(Link(seq, prev, h, fields, scheme))
        prev = h
    return links


@given(st.lists(FIELDS, max_size=8))
def test_an_untouched_chain_holds(fields_list):
    assert first_break(_chain(fields_list), KEY) is None


@given(st.lists(FIELDS, min_size=1, max_size=8), st.data())
def test_a_changed_entry_is_found(fields_list, data):
    links = _chain(fields_list)
    i = data.draw(st.integers(0, len(links) - 1))
    changed = {**links[i].fields, "username": "someone-else-" + str(links[i].fields)}
    links[i] = Link(links[i].seq, links[i].prev_hash, links[i].hash, changed)
    broken = first_break(links, KEY)
    assert broken is not None and broken.seq == links[i].seq


@given(st.lists(FIELDS, min_size=3, max_size=8), st.data())
def test_a_removed_entry_is_found(fields_list, data):
    links = _chain(fields_list)
    i = data.draw(st.integers(0, len(links) - 2))
    del links[i]
    broken = first_break(links, KEY)
    assert broken is not None and broken.reason == "link"


@given(st.lists(FIELDS, min_size=2, max_size=8), st.data())
def test_older_plain_entries_hold_under_the_keyed_ones_after_them(fields_list, data):
    plain = data.draw(st.integers(0, len(fields_list) - 1))
    assert first_break(_chain(fields_list, plain=plain), KEY) is None


@given(st.lists(FIELDS, min_size=1, max_size=8))
def test_a_chain_made_with_another_key_does_not_hold(fields_list):
    broken = first_break(_chain(fields_list, key=b"the forger's key"), KEY)
    assert broken is not None and broken.seq == 1 and broken.reason == "hash"


@given(st.lists(FIELDS, min_size=1, max_size=8))
def test_a_chain_rebuilt_with_plain_hashes_does_not_hold(fields_list):
    # Every entry with a plain hash made anew: each link holds, but the chain ends unkeyed.
    broken = first_break(_chain(fields_list, plain=len(fields_list)), KEY)
    assert broken is not None and broken.reason == "unkeyed end"


def test_a_plain_entry_after_a_keyed_one_does_not_hold():
    links = _chain([{"action": "a"}, {"action": "b"}, {"action": "c"}])
    forged = entry_hash(links[0].hash, links[1].fields)
    links[1] = Link(2, links[0].hash, forged, links[1].fields, PLAIN)
    broken = first_break(links, KEY)
    assert broken is not None and (broken.seq, broken.reason) == (2, "scheme")
