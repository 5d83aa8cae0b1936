"""Signed files: accepted only unchanged and from a trusted key, refused in one line."""

import json

import pytest

from samsyn.national import signing

PAYLOAD = {"year": 2022, "associations": [{"slug": "a", "figures": {"x": 1}}]}


@pytest.fixture
def key():
    return signing.new_key()


def test_a_signed_file_from_a_trusted_key_is_accepted(key):
    private, public = key
    data = signing.sign(PAYLOAD, private, "Installation A")
    name, payload = signing.verify(data, {public: "Förbunden i norr"})
    assert name == "Förbunden i norr"
    assert payload == PAYLOAD


def test_a_changed_figure_breaks_the_signature(key):
    private, public = key
    document = json.loads(signing.sign(PAYLOAD, private, "A"))
    document["payload"] = document["payload"].replace('"x":1', '"x":2')
    with pytest.raises(signing.SignatureRefused, match="filen har ändrats"):
        signing.verify(json.dumps(document).encode(), {public: "A"})


def test_a_file_signed_with_an_unknown_key_is_refused(key):
    private, _public = key
    _other_private, other_public = signing.new_key()
    data = signing.sign(PAYLOAD, private, "A")
    with pytest.raises(signing.SignatureRefused) as refused:
        signing.verify(data, {other_public: "B"})
    assert "\n" not in str(refused.value)


def test_swapping_in_another_key_does_not_help_a_forger(key):
    _private, public = key
    forger_private, _forger_public = signing.new_key()
    document = json.loads(signing.sign({"year": 1999}, forger_private, "A"))
    document["key"] = public  # claims to be the trusted installation
    with pytest.raises(signing.SignatureRefused):
        signing.verify(json.dumps(document).encode(), {public: "A"})


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"[]", b'{"format": "other"}',
                                  b"[" * 100_000])
def test_anything_else_is_refused_as_not_a_signed_file(data, key):
    with pytest.raises(signing.SignatureRefused):
        signing.verify(data, {key[1]: "A"})


def test_the_trusted_list_is_read_as_name_and_key_per_line(key):
    _private, public = key
    assert signing.parse_trusted(f"# comment\nNorra förbunden {public}\n") == {
        public: "Norra förbunden"}
    with pytest.raises(ValueError, match="not a trusted key entry"):
        signing.parse_trusted("Norra nyckel-saknas")


@pytest.mark.parametrize("payload", ["\ud800", '{"year": 2022, "x": "\udcff"}'],
                         ids=["alone", "inside"])
def test_a_payload_with_half_a_utf16_pair_is_refused_not_a_server_error(key, payload):
    # JSON's \ud800 escape reads as a string with no UTF-8: no signer can have signed it, and
    # encoding it to check the signature was a UnicodeEncodeError (found by redteam7).
    private, public = key
    document = json.loads(signing.sign(PAYLOAD, private, "A"))
    document["payload"] = payload
    with pytest.raises(signing.SignatureRefused):
        signing.verify(json.dumps(document).encode(), {public: "A"})
