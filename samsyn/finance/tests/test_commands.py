"""allocate_contributions and import_sie as scripts call them.

Output, exit codes, and nothing half-written on failure.
"""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samsyn.associations.models import Member, Population
from samsyn.finance.models import OutcomeAmount, SieImport

SAMPLES = Path(__file__).resolve().parent / "sie"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def two_kommuner(alfa):
    """alfa's kommun (96 000) and a second one (48 000) on 1 November 2021."""
    other = Member.objects.create(association=alfa.association, name="Tyresö", kind="kommun")
    Population.objects.create(member=other, date=dt.date(2021, 11, 1), count=48_000)
    return alfa


def test_allocate_contributions_json_adds_up_exactly(two_kommuner):
    out = json.loads(run("allocate_contributions", "--association", "alfa", "--year", "2022",
                         "--total", "16316001", "--format", "json"))
    assert out["year"] == 2022 and out["total"] == 16_316_001
    amounts = {m["name"]: m["amount"] for m in out["members"]}
    assert sum(amounts.values()) == 16_316_001
    assert amounts["Försäkringskassan"] in (8_158_000, 8_158_001)
    assert amounts["Region Test"] in (4_079_000, 4_079_001)
    # The kommuner's quarter, 4 079 000.25, split 2:1 by population.
    assert amounts["Alfa kommun"] + amounts["Tyresö"] in (4_079_000, 4_079_001)
    assert abs(amounts["Alfa kommun"] - 2 * amounts["Tyresö"]) <= 2
    assert {m["kind"] for m in out["members"]} == {"state", "region", "kommun"}


def test_a_what_if_adds_a_kommun_that_is_not_a_member(two_kommuner):
    out = json.loads(run("allocate_contributions", "--association", "alfa", "--year", "2022",
                         "--total", "1000000", "--population", "Solna=48000",
                         "--population", "Tyresö=96000", "--format", "json"))
    amounts = {m["name"]: m["amount"] for m in out["members"]}
    assert amounts == {"Försäkringskassan": 500_000, "Region Test": 250_000,
                       "Alfa kommun": 100_000, "Tyresö": 100_000, "Solna": 50_000}


def test_the_table_shows_kronor_and_tkr_that_add_up(two_kommuner):
    out = run("allocate_contributions", "--association", "alfa", "--year", "2022",
              "--total", "18064868")
    assert "18\u00a0064\u00a0868 kr" in out
    assert "18\u00a0065 tkr" in out


def test_the_table_names_each_members_kind_in_swedish(two_kommuner):
    out = run("allocate_contributions", "--association", "alfa", "--year", "2022",
              "--total", "1000000")
    lines = {line.split("  ")[0].strip(): line for line in out.splitlines() if line.strip()}
    assert "Staten (Försäkringskassan, Arbetsförmedlingen)" in lines["Försäkringskassan"]
    assert "Kommun" in lines["Tyresö"]
    assert " kommun " not in lines["Tyresö"] and " state " not in lines["Försäkringskassan"]


@pytest.mark.parametrize(("args", "message"), [
    (["--association", "finns-inte"], "no förbund"),
    (["--association", "alfa", "--population", "Solna"], "KOMMUN=N"),
    (["--association", "alfa", "--population", "Solna=0"], "KOMMUN=N"),
])
def test_allocate_contributions_refuses_bad_input(alfa, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("allocate_contributions", "--year", "2022", "--total", "100", *args,
                     stdout=StringIO())


def test_a_kommun_without_population_is_named(alfa):
    Population.objects.all().delete()
    # Messages are in the installation's language, Swedish by default.
    with pytest.raises(CommandError, match="Alfa kommun har ingen befolkningssiffra den "
                                           "2021-11-01"):
        call_command("allocate_contributions", "--association", "alfa", "--year", "2022",
                     "--total", "100", stdout=StringIO())


def test_an_older_population_figure_is_used_with_a_warning(alfa):
    err = StringIO()
    call_command("allocate_contributions", "--association", "alfa", "--year", "2024",
                 "--total", "100", stdout=StringIO(), stderr=err)
    assert "2023-11-01" in err.getvalue() and "2021-11-01" in err.getvalue()


# import_sie


def test_dry_run_json_has_the_documented_keys_and_stores_nothing(alfa):
    path = SAMPLES / "transaktioner_ovnbolag.se"
    out = json.loads(run("import_sie", str(path), "--association", "alfa", "--dry-run",
                         "--format", "json"))
    assert out["fiscal_years"]["0"] == {"start": "2011-01-01", "end": "2011-12-31"}
    assert out["vouchers"] == 163
    assert out["result_by_account"] == out["declared_result_by_account"]
    assert all(isinstance(v, str) for v in out["result_by_account"].values())
    assert all(Decimal(v).as_tuple().exponent == -2 for v in out["result_by_account"].values())
    assert out["errors"] == [] and isinstance(out["warnings"], list)
    assert SieImport.objects.filter(association=alfa.association).count() == 1  # the world's


def test_an_unbalanced_voucher_refuses_the_file_naming_its_line(alfa):
    path = SAMPLES / "transaktioner_ovnbolag-bad-balance.se"
    before = OutcomeAmount.objects.count()
    with pytest.raises(CommandError, match="rad 3905: verifikation B 1 balanserar inte "
                                           "\\(skillnad \u221212\u00a0771\\)"):
        call_command("import_sie", str(path), "--association", "alfa", stdout=StringIO())
    assert OutcomeAmount.objects.count() == before


def test_accept_unbalanced_imports_and_records_it(alfa):
    path = SAMPLES / "transaktioner_ovnbolag-bad-balance.se"
    run("import_sie", str(path), "--association", "alfa", "--accept-unbalanced",
        "--accept-other")
    record = SieImport.objects.get(association=alfa.association, year=2011)
    assert record.unbalanced_accepted


def test_reimporting_a_year_replaces_it_and_never_doubles(alfa):
    path = SAMPLES / "transaktioner_ovnbolag.se"
    run("import_sie", str(path), "--association", "alfa", "--accept-other")
    first = {(a.account, a.object_list): a.amount
             for a in OutcomeAmount.objects.filter(sie_import__year=2011)}
    out = run("import_sie", str(path), "--association", "alfa", "--accept-other")
    assert "replaces the import of 2011" in out
    again = {(a.account, a.object_list): a.amount
             for a in OutcomeAmount.objects.filter(sie_import__year=2011)}
    assert again == first
    assert SieImport.objects.filter(association=alfa.association, year=2011).count() == 1
    # The stored sums are the file's result per account.
    per_account: dict[str, Decimal] = {}
    for (account, _objects), amount in first.items():
        per_account[account] = per_account.get(account, Decimal(0)) + amount
    declared = json.loads(run("import_sie", str(path), "--association", "alfa", "--dry-run",
                              "--format", "json"))["declared_result_by_account"]
    assert {k: f"{v:.2f}" for k, v in per_account.items()} == declared


def test_a_broken_file_exits_with_its_line(alfa, tmp_path):
    path = tmp_path / "bad.se"
    path.write_bytes(b'#FLAGGA 0\n#SIETYP 4\n#RAR 0 20220101 20221231\n'
                     b'#VER A 1 20220105 "x"\n{\n#TRANS 3010 {} -12,x\n}\n')
    with pytest.raises(CommandError, match=r"bad.se: rad 6: '-12,x' är inget belopp"):
        call_command("import_sie", str(path), "--association", "alfa", stdout=StringIO())


def test_a_missing_file_is_a_one_line_error(alfa, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_sie", str(tmp_path / "nope.se"), "--association", "alfa",
                     stdout=StringIO())


def test_a_nul_byte_in_a_name_is_dropped_not_a_database_error(alfa, tmp_path):
    path = tmp_path / "nul.se"
    path.write_bytes(b'#FLAGGA 0\n#SIETYP 4\n#FNAMN "Bolag\x00et"\n#RAR 0 20220101 20221231\n'
                     b'#KONTO 3010 "F\x00rs"\n#VER A 1 20220105 "x"\n{\n#TRANS 3010 {} -5.00\n'
                     b'#TRANS 1930 {} 5.00\n}\n')
    run("import_sie", str(path), "--association", "alfa", "--accept-other")
    record = SieImport.objects.get(association=alfa.association, year=2022)
    assert record.company == "Bolaget"
    assert record.amounts.get(account="3010").account_name == "Frs"
