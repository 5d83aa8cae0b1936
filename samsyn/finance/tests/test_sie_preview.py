"""The SIE preview offers the unbalanced box only for a file with unbalanced vouchers, and
shows amounts as a page does (issue 28)."""

import io
from pathlib import Path

from django.urls import reverse

SAMPLES = Path(__file__).resolve().parent / "sie"
NBSP = "\u00a0"


def preview(client, name):
    upload = io.BytesIO((SAMPLES / name).read_bytes())
    upload.name = name
    return client.post(reverse("sie_upload", args=["alfa"]), {"file": upload}).content.decode()


def test_a_balanced_file_has_no_box_for_unbalanced_vouchers(alfa, login):
    page = preview(login(alfa.users["office"]), "transaktioner_ovnbolag.se")
    assert 'name="sha256"' in page  # the preview with its confirmation form
    assert 'name="accept_unbalanced"' not in page


def test_an_unbalanced_file_has_the_box_and_its_difference_formatted(alfa, login):
    page = preview(login(alfa.users["office"]), "transaktioner_ovnbolag-bad-balance.se")
    assert 'name="accept_unbalanced"' in page
    assert f"skillnad \u221212{NBSP}771)" in page
    assert "-12771.00" not in page
