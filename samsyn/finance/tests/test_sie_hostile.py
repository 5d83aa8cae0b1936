"""Importers never crash: hostile files, and any bytes at all, give an import or a message."""

import string
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.finance import sie, sie_import
from samsyn.finance.models import SieImport

HOSTILE = Path(__file__).resolve().parent / "hostile"
FILES = sorted(p.name for p in HOSTILE.glob("*.se"))

# What each hostile file must be told, in Swedish, where its fault is.
EXPECTED = {
    "html-page.se": "rad 1: det här är en webbsida (HTML)",
    "sie5.se": "rad 1: det här är en SIE 5-fil (XML)",
    "huge-amount.se": "rad 7: beloppet -1000000000000000.00 är för stort",
    "long-account.se": "rad 7: '1930000000000000000000000000'"[:21],
    "many-decimals.se": "rad 7: beloppet -1.005 har fler än två decimaler",
    "unclosed-voucher.se": "rad 6: verifikationen som börjar här avslutas aldrig",
    "nested-braces.se": "rad 7: en objektlista kan inte innehålla en till {",
    "rar-backwards.se": "rad 3: #RAR slutar innan det börjar",
    "no-year.se": "verifikationerna är daterade 2021–2022: ange vilket år",
    "sie1-without-res.se": "varken verifikationer eller #RES-rader",
    "empty.se": "rad 1: ingen SIE-fil",
}


def upload(client, association, name, data, year=""):
    url = reverse("sie_upload", args=[association.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "year": year})


@pytest.mark.parametrize("name", FILES)
def test_a_hostile_file_through_the_command_gives_a_line_or_imports(alfa, name):
    try:
        call_command("import_sie", str(HOSTILE / name), "--association", "alfa",
                     stdout=StringIO(), stderr=StringIO())
    except CommandError as exc:
        assert "\n" not in str(exc).strip()
        if name in EXPECTED:
            assert EXPECTED[name] in str(exc)
    else:
        assert name not in EXPECTED
        assert SieImport.objects.filter(association=alfa.association).exists()
    if name in EXPECTED:
        assert not SieImport.objects.filter(association=alfa.association,
                                            filename=name).exists()


@pytest.mark.parametrize("name", FILES)
def test_a_hostile_file_through_the_upload_page_gives_a_message_not_an_error(alfa, login,
                                                                            name):
    client = login(alfa.users["office"])
    before = SieImport.objects.count()
    response = upload(client, alfa.association, name, (HOSTILE / name).read_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    if name in EXPECTED:
        if name == "empty.se":
            # The form refuses an empty upload before the reader sees it.
            assert 'class="errorlist' in page and "Förhandsgranskning" not in page
        else:
            assert EXPECTED[name].replace("'", "&#x27;") in page
    else:
        assert "Förhandsgranskning" in page or 'class="errors" role="alert"' in page
    assert SieImport.objects.count() == before


def test_a_file_larger_than_the_setting_is_refused_before_it_is_read(alfa, login, settings):
    settings.SAMSYN_SIE_MAX_BYTES = 100
    client = login(alfa.users["office"])
    response = upload(client, alfa.association, "stor.se", b"#FLAGGA 0\n" + b" " * 200)
    assert response.status_code == 200
    assert "Filen är större än 1 MB." in response.content.decode()
    with pytest.raises(sie_import.SieImportError, match="större än"):
        sie_import.read(alfa.association, b"#FLAGGA 0\n" + b" " * 200, "stor.se")


sie_like = st.lists(
    st.one_of(
        st.sampled_from([
            "#FLAGGA 0", "#SIETYP 4", "#SIETYP 1", "#FORMAT PC8", "#RAR 0 20220101 20221231",
            "#RAR -1 20210101 20211231", '#KONTO 3010 "Intäkt"', '#OBJEKT 1 K "Kansli"',
            '#VER A 1 20220110 "x"', "{", "}", "#TRANS 1930 {} -100.00",
            "#TRANS 3010 {1 K} 100.00", "#RTRANS 3010 {} 100", "#BTRANS 3010 {} 5",
            "#IB 0 1930 100", "#UB 0 1930 200", "#RES 0 3010 -100", '#FNAMN "Annat AB"',
            "#ORGNR 556677-8899", '#VER A 2 20230101 "y"',
        ]),
        st.text(alphabet=string.printable + "åäö{}\"#", max_size=40),
    ),
    max_size=25,
).map(lambda lines: "\r\n".join(lines).encode("cp437", "replace"))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), sie_like))
def test_the_reader_gives_a_file_or_a_sie_error_for_any_bytes(data):
    try:
        parsed = sie.parse(data)
    except sie.SieError as exc:
        assert exc.line is None or exc.line >= 1
        assert exc.template
    else:
        for voucher in parsed.vouchers:
            voucher.balance()


@pytest.mark.django_db
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), sie_like), year=st.one_of(
    st.none(), st.integers(min_value=-5, max_value=3000)))
def test_the_import_gives_a_preview_or_one_swedish_line_for_any_bytes(alfa, data, year):
    try:
        preview = sie_import.read(alfa.association, data, "fil.se", year)
    except sie_import.SieImportError as exc:
        assert str(exc).startswith("fil.se: ") and "\n" not in str(exc)
    else:
        assert preview.start <= preview.end
        for booked in preview.booked:
            assert abs(booked.amount) < sie.MAX_AMOUNT and len(booked.account) <= 10


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), sie_like))
def test_the_upload_page_answers_any_bytes_with_a_page_and_stores_only_whole_imports(
        alfa, login, data):
    client = login(alfa.users["office"])
    response = upload(client, alfa.association, "fil.se", data)
    assert response.status_code == 200
    if "Förhandsgranskning" in response.content.decode():
        preview = sie_import.read(alfa.association, data, "fil.se")
        confirmed = client.post(reverse("sie_upload", args=[alfa.association.slug]), {
            "sha256": preview.sha256, "accept_unbalanced": "on"})
        assert confirmed.status_code == 302
        record = SieImport.objects.get(association=alfa.association, year=preview.year)
        assert sorted((a.account, a.amount) for a in record.amounts.all()) == sorted(
            (b.account, b.amount) for b in preview.booked)
