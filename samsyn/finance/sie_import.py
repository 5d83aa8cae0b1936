"""Outcome from the bookkeeping: read a SIE 4 file, preview it, store one year of it."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.associations.models import Association
from samsyn.finance import sie
from samsyn.finance.financial import ensure_statement_rules
from samsyn.finance.models import AccountBalance, AccountRule, OutcomeAmount, SieImport
from samsyn.finance.outcome import Booked, encode_objects

FIRST_RESULT_ACCOUNT, LAST_RESULT_ACCOUNT = 3000, 8999


class SieImportError(ValueError):
    """A file that cannot be imported; the message names the line at fault."""


@dataclass
class Preview:
    filename: str
    sha256: str
    parsed: sie.SieFile
    year: int
    start: dt.date
    end: dt.date
    booked: list[Booked]
    unbalanced: list[sie.Voucher]
    replaces: SieImport | None
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "program": self.parsed.program,
            "company": self.parsed.company,
            "encoding": self.parsed.encoding,
            "fiscal_years": {
                str(index): {"start": start.isoformat(), "end": end.isoformat()}
                for index, (start, end) in sorted(self.parsed.fiscal_years.items(), reverse=True)
            },
            "year": self.year,
            "vouchers": len(self.parsed.vouchers),
            "result_by_account": _money_map(sie.result_by_account(self.parsed, 0)),
            "declared_result_by_account": _money_map(
                sie.declared_result_by_account(self.parsed, 0)
            ),
            "unbalanced_vouchers": [
                {"series": v.series, "number": v.number, "line": v.line,
                 "difference": _money(v.balance())}
                for v in self.unbalanced
            ],
            "errors": [
                f"line {v.line}: voucher {v.series} {v.number} does not balance "
                f"(off by {_money(v.balance())})"
                for v in self.unbalanced
            ],
            "replaces_import": self.replaces.filename if self.replaces else None,
            "warnings": self.warnings,
        }


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _money_map(amounts: dict[str, Decimal]) -> dict[str, str]:
    return {account: _money(amount) for account, amount in sorted(amounts.items())}


def read(association: Association, data: bytes, filename: str) -> Preview:
    try:
        parsed = sie.parse(data)
    except sie.SieError as exc:
        raise SieImportError(f"{filename}: {exc}") from exc
    if 0 not in parsed.fiscal_years:
        raise SieImportError(_("%(file)s: no #RAR 0 line gives the fiscal year.")
                             % {"file": filename})
    start, end = parsed.fiscal_years[0]
    warnings = [_line_message(w.line, w.message) for w in parsed.warnings]
    warnings.extend(result_differences(parsed))
    return Preview(
        filename=filename, sha256=hashlib.sha256(data).hexdigest(), parsed=parsed,
        year=start.year, start=start, end=end, booked=booked_in_year(parsed, start, end),
        unbalanced=sie.unbalanced_vouchers(parsed),
        replaces=SieImport.objects.filter(association=association, year=start.year).first(),
        warnings=warnings,
    )


def result_differences(parsed: sie.SieFile) -> list[str]:
    """Accounts where the file's own #RES disagrees with its vouchers: both figures shown."""
    computed = sie.result_by_account(parsed, 0)
    declared = sie.declared_result_by_account(parsed, 0)
    if not declared:
        return []
    return [
        _("account %(account)s: the vouchers give %(computed)s, #RES says %(declared)s")
        % {"account": account, "computed": _money(computed.get(account, Decimal(0))),
           "declared": _money(declared.get(account, Decimal(0)))}
        for account in sorted(set(computed) | set(declared))
        if computed.get(account, 0) != declared.get(account, 0)
    ]


def _line_message(line: int | None, message: str) -> str:
    return f"line {line}: {message}" if line else message


def booked_in_year(parsed: sie.SieFile, start: dt.date, end: dt.date) -> list[Booked]:
    sums: dict[tuple[str, tuple[tuple[str, str], ...]], Decimal] = defaultdict(Decimal)
    for voucher in parsed.vouchers:
        if not start <= voucher.date <= end:
            continue
        for row in voucher.booked():
            if row.account.isdigit() and (
                FIRST_RESULT_ACCOUNT <= int(row.account) <= LAST_RESULT_ACCOUNT
            ):
                sums[(row.account, tuple(sorted(row.objects)))] += row.amount
    return [
        Booked(account, objects, amount, parsed.accounts.get(account, ""))
        for (account, objects), amount in sorted(sums.items())
        if amount
    ]


def unbalanced_message(preview: Preview) -> str:
    first = preview.unbalanced[0]
    return _(
        "%(file)s line %(line)s: voucher %(series)s %(number)s does not balance "
        "(off by %(difference)s); %(count)s unbalanced in all. "
        "Import anyway only if the bookkeeping says so."
    ) % {"file": preview.filename, "line": first.line, "series": first.series,
         "number": first.number, "difference": _money(first.balance()),
         "count": len(preview.unbalanced)}


@transaction.atomic
def store(association: Association, preview: Preview, *, user: Any = None,
          accept_unbalanced: bool = False) -> SieImport:
    """Save the year's outcome, replacing any earlier import of the same year."""
    if preview.unbalanced and not accept_unbalanced:
        raise SieImportError(unbalanced_message(preview))
    SieImport.objects.filter(association=association, year=preview.year).delete()
    record = SieImport.objects.create(
        association=association, year=preview.year, start=preview.start, end=preview.end,
        filename=_text(preview.filename, 255), sha256=preview.sha256,
        program=_text(preview.parsed.program, 200), company=_text(preview.parsed.company, 200),
        vouchers=len(preview.parsed.vouchers), unbalanced_accepted=bool(preview.unbalanced),
        imported_by=user if user is not None and user.is_authenticated else None,
        org_number=_text(preview.parsed.org_number, 20),
        object_names={f"{dim}:{code}": _text(name, 200)
                      for (dim, code), name in preview.parsed.objects.items()},
    )
    AccountBalance.objects.bulk_create(
        AccountBalance(sie_import=record, year_offset=offset, account=account,
                       account_name=_text(preview.parsed.accounts.get(account, ""), 200),
                       opening=values[0], closing=values[1], result=values[2])
        for (offset, account), values in sorted(balances(preview.parsed).items())
    )
    OutcomeAmount.objects.bulk_create(
        OutcomeAmount(sie_import=record, account=b.account,
                      account_name=_text(b.account_name, 200),
                      object_list=encode_objects(b.objects), amount=b.amount)
        for b in preview.booked
    )
    ensure_default_rules(association)
    ensure_statement_rules(association)
    return record


def balances(parsed: sie.SieFile) -> dict[tuple[int, str], tuple[Decimal, Decimal, Decimal]]:
    """#IB, #UB (and for the year before #RES) of the imported year and the one before it."""
    found: dict[tuple[int, str], tuple[Decimal, Decimal, Decimal]] = {}
    zero = Decimal(0)
    for offset in (0, -1):
        accounts = {account for (index, account) in
                    [*parsed.opening_balances, *parsed.closing_balances] if index == offset}
        if offset == -1:
            accounts |= {account for (index, account) in parsed.results if index == -1}
        for account in accounts:
            if not (account.isascii() and account.isdigit() and len(account) <= 10):
                continue
            found[(offset, account)] = (
                parsed.opening_balances.get((offset, account), zero),
                parsed.closing_balances.get((offset, account), zero),
                parsed.results.get((offset, account), zero) if offset == -1 else zero,
            )
    return found


def _text(value: str, length: int) -> str:
    # A NUL byte is legal in a cp437 file but not in a PostgreSQL text column.
    return value.replace("\x00", "")[:length]


# A start that follows the BAS chart most förbund keep; every förbund adjusts it on its page.
DEFAULT_RULES = [
    ("3000", "3999", "other_income"),
    ("4000", "4999", "individual"),
    ("5000", "5199", "office_premises"),
    ("5200", "6999", "office_other"),
    ("7000", "7699", "office_staff"),
    ("7700", "7999", "office_other"),
    ("8000", "8399", "financial_income"),
    ("8400", "8999", "financial_cost"),
]


def ensure_default_rules(association: Association) -> None:
    if AccountRule.objects.filter(association=association).exists():
        return
    AccountRule.objects.bulk_create(
        AccountRule(association=association, first_account=first, last_account=last,
                    category=category)
        for first, last, category in DEFAULT_RULES
    )
