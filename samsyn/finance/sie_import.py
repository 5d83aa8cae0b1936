"""Outcome from the bookkeeping: read a SIE 4 file, preview it, store one year of it."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.associations.years import years_with_data
from samsyn.audit.models import Category
from samsyn.audit.services import record as audit
from samsyn.finance import sie
from samsyn.finance.financial import ensure_statement_rules
from samsyn.finance.models import AccountBalance, AccountRule, OutcomeAmount, SieImport
from samsyn.finance.outcome import Booked, encode_objects
from samsyn.periods.services import PeriodLocked, check_open, refusals
from samsyn.web.money import format_money

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
    result_source: str = "vouchers"
    # Why the file may not be the förbund's own bookkeeping of a year it keeps: importing it
    # needs a confirmation that names both (`store(..., accept_other=True)`).
    identity: list[str] = field(default_factory=list)

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
            "result_source": self.result_source,
            "result_by_account": _money_map(
                sie.result_between(self.parsed, self.start, self.end)
                if self.result_source == "vouchers"
                else {b.account: b.amount for b in self.booked}),
            "declared_result_by_account": _money_map(
                sie.declared_result_by_account(self.parsed, 0)
            ),
            "unbalanced_vouchers": [
                {"series": v.series, "number": v.number, "line": v.line,
                 "difference": _money(v.balance())}
                for v in self.unbalanced
            ],
            "errors": [
                _("line %(line)s: voucher %(series)s %(number)s does not balance "
                  "(off by %(difference)s)")
                % {"line": v.line, "series": v.series, "number": v.number,
                   "difference": format_money(v.balance())}
                for v in self.unbalanced
            ],
            "replaces_import": self.replaces.filename if self.replaces else None,
            "warnings": self.warnings,
            "needs_confirmation": self.identity,
        }


def _money(amount: Decimal) -> str:
    """An amount in the JSON a script reads; the texts people read use format_money."""
    return f"{amount:.2f}"


def _money_map(amounts: dict[str, Decimal]) -> dict[str, str]:
    return {account: _money(amount) for account, amount in sorted(amounts.items())}


def read(association: Association, data: bytes, filename: str,
         year: int | None = None) -> Preview:
    """Read and check a file; raises SieImportError with one Swedish line naming the fault."""
    filename = filename.replace("\x00", "")[:255]
    limit = settings.SAMSYN_SIE_MAX_BYTES
    if len(data) > limit:
        raise SieImportError(_("%(file)s: the file is larger than %(limit)s MB.")
                             % {"file": filename, "limit": limit // (1024 * 1024) or 1})
    try:
        parsed = sie.parse(data)
    except sie.SieError as exc:
        raise SieImportError(_("%(file)s: %(message)s")
                             % {"file": filename, "message": say(exc.line, exc.template,
                                                                 exc.params)}) from exc
    start, end = fiscal_year(parsed, filename, year)
    source = "vouchers"
    booked = booked_in_year(parsed, start, end)
    if not parsed.vouchers and (sie.declared_result_by_account(parsed, 0)
                                or not parsed.sie_type.startswith("4")):
        booked = booked_from_results(parsed, filename)
        source = "res"
    for item in booked:
        if abs(item.amount) >= sie.MAX_AMOUNT:
            raise SieImportError(_("%(file)s: account %(account)s sums to %(amount)s, more "
                                   "than an amount can hold.")
                                 % {"file": filename, "account": item.account,
                                    "amount": format_money(item.amount)})
    identity = identity_warnings(association, parsed)
    identity.extend(year_warnings(association, start.year, timezone.localdate()))
    warnings: list[str] = []
    if source == "res":
        warnings.append(_("The file has no vouchers (SIE type %(type)s): the year's outcome is "
                          "taken from its #RES lines.") % {"type": parsed.sie_type or "?"})
    warnings.extend(say(w.line, w.template or w.message, w.params) for w in parsed.warnings)
    warnings.extend(result_differences(parsed, start, end))
    return Preview(
        filename=filename, sha256=hashlib.sha256(data).hexdigest(), parsed=parsed,
        year=start.year, start=start, end=end, booked=booked,
        unbalanced=sie.unbalanced_vouchers(parsed),
        replaces=SieImport.objects.filter(association=association, year=start.year).first(),
        warnings=warnings, result_source=source, identity=identity,
    )


def say(line: int | None, template: str, params: dict[str, object]) -> str:
    """A message of the reader in the user's language, with its line."""
    message = _(template) % params if params else _(template)
    return _("line %(line)s: %(message)s") % {"line": line, "message": message} \
        if line else message


def fiscal_year(parsed: sie.SieFile, filename: str,
                year: int | None) -> tuple[dt.date, dt.date]:
    """#RAR 0; else the year given; else the one calendar year every voucher is dated in.

    SIE 4I files (payroll, invoicing) carry no #RAR: their vouchers say which year they are.
    """
    if 0 in parsed.fiscal_years:
        start, end = parsed.fiscal_years[0]
        if year is not None and year != start.year:
            raise SieImportError(_("%(file)s: the file's fiscal year (#RAR 0) is %(start)s – "
                                   "%(end)s, not %(year)s.")
                                 % {"file": filename, "start": start, "end": end, "year": year})
        return start, end
    if year is not None:
        if not 1900 <= year <= 2200:
            raise SieImportError(_("%(file)s: %(year)s is not a year to import.")
                                 % {"file": filename, "year": year})
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    years = sorted({voucher.date.year for voucher in parsed.vouchers})
    if len(years) == 1:
        return dt.date(years[0], 1, 1), dt.date(years[0], 12, 31)
    if years:
        raise SieImportError(_("%(file)s: no #RAR 0 line gives the fiscal year and the vouchers "
                               "are dated %(first)s–%(last)s: give the year to import.")
                             % {"file": filename, "first": years[0], "last": years[-1]})
    raise SieImportError(_("%(file)s: no #RAR 0 line gives the fiscal year and there are no "
                           "vouchers to take it from: give the year to import.")
                         % {"file": filename})


def booked_from_results(parsed: sie.SieFile, filename: str) -> list[Booked]:
    """SIE 1–3 files hold the year's results (#RES) but no vouchers."""
    results = sie.declared_result_by_account(parsed, 0)
    if not results:
        raise SieImportError(_("%(file)s: the file holds neither vouchers nor #RES lines for the "
                               "year (SIE type %(type)s): there is no outcome to import.")
                             % {"file": filename, "type": parsed.sie_type or "?"})
    return [Booked(account, (), amount, parsed.accounts.get(account, ""))
            for account, amount in sorted(results.items())
            if amount and sie.is_result_account(account)]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isascii() and c.isdigit())


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def identity_warnings(association: Association, parsed: sie.SieFile) -> list[str]:
    """A file of another organisation is shown before anything is imported."""
    warnings = []
    ours, theirs = _digits(association.org_number or ""), _digits(parsed.org_number)
    if ours and theirs and ours != theirs:
        warnings.append(_("The file is for organisation number %(theirs)s (#ORGNR), not "
                          "%(ours)s: is it %(name)s's bookkeeping?")
                        % {"theirs": parsed.org_number, "ours": association.org_number,
                           "name": association.name})
    if parsed.company and _plain(parsed.company) != _plain(association.name):
        warnings.append(_("The file is for %(theirs)s (#FNAMN), not %(name)s: check that it is "
                          "the right bookkeeping.")
                        % {"theirs": parsed.company, "name": association.name})
    return warnings


def year_warnings(association: Association, year: int, today: dt.date) -> list[str]:
    """A fiscal year that has not begun, or one before everything the förbund keeps (and
    before last year), is more likely a wrong file than a late one."""
    if year > today.year:
        return [_("The file is for the fiscal year %(year)s, which has not begun.")
                % {"year": year}]
    known = years_with_data(association)
    first = min([*known, today.year - 1])
    if year < first:
        return [_("The file is for the fiscal year %(year)s, before the first year %(name)s "
                  "keeps anything for (%(first)s).")
                % {"year": year, "name": association.name, "first": first}]
    return []


def other_message(association: Association, preview: Preview) -> str:
    """What a person confirms: whose bookkeeping of which year goes into which förbund."""
    return _("Import %(file)s (%(company)s, fiscal year %(year)s) into %(name)s although: "
             "%(reasons)s") % {
        "file": preview.filename, "company": preview.parsed.company or "?",
        "year": preview.year, "name": association.name,
        "reasons": " ".join(preview.identity)}


def result_differences(parsed: sie.SieFile, start: dt.date | None = None,
                       end: dt.date | None = None) -> list[str]:
    """Accounts where the file's own #RES disagrees with its vouchers: both figures shown."""
    if not parsed.vouchers:
        return []
    if start is None or end is None:
        if 0 not in parsed.fiscal_years:
            return []
        start, end = parsed.fiscal_years[0]
    computed = sie.result_between(parsed, start, end)
    declared = sie.declared_result_by_account(parsed, 0)
    if not declared:
        return []
    differences = [
        _("account %(account)s: the vouchers give %(computed)s, #RES says %(declared)s")
        % {"account": account,
           "computed": format_money(computed.get(account, Decimal(0))),
           "declared": format_money(declared.get(account, Decimal(0)))}
        for account in sorted(set(computed) | set(declared))
        if computed.get(account, 0) != declared.get(account, 0)
    ]
    if differences:
        differences.append(_(
            "Samsyn imports what the vouchers give. #RES is the program's own total; where it "
            "differs, the program has bookings outside the vouchers in the file (such as "
            "closing entries or a voucher series left out of the export) or the file is cut "
            "short."))
    return differences


def booked_in_year(parsed: sie.SieFile, start: dt.date, end: dt.date) -> list[Booked]:
    sums: dict[tuple[str, tuple[tuple[str, str], ...]], Decimal] = defaultdict(Decimal)
    for voucher in parsed.vouchers:
        if not start <= voucher.date <= end:
            continue
        for row in voucher.booked():
            if sie.is_result_account(row.account):
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
         "number": first.number, "difference": format_money(first.balance()),
         "count": len(preview.unbalanced)}


def _spans(association: Association, preview: Preview) -> list[Any]:
    earlier = SieImport.objects.filter(association=association, year=preview.year)
    return [(preview.start, preview.end), *earlier.values_list("start", "end")]


def locked_message(association: Association, preview: Preview, user: Any) -> str:
    """Why the file cannot be imported now that its year is signed off (empty: it can), for
    the preview to say before anyone confirms it."""
    return " ".join(refusals(association, _spans(association, preview), user, asked=False))


@transaction.atomic
def store(association: Association, preview: Preview, *, user: Any = None,
          accept_unbalanced: bool = False, accept_other: bool = False,
          request: Any = None) -> SieImport:
    """Save the year's outcome, replacing any earlier import of the same year (logged)."""

    if preview.unbalanced and not accept_unbalanced:
        raise SieImportError(unbalanced_message(preview))
    if preview.identity and not accept_other:
        raise SieImportError(_("%(file)s is not imported without a confirmation: %(reasons)s")
                             % {"file": preview.filename, "reasons": " ".join(preview.identity)})
    # The books of a signed-off year are what its annual report printed, and a new file
    # replaces them: like every import, it goes through only while the year is open.
    try:
        check_open(association, _spans(association, preview), user,
                   what=f"SIE: {preview.filename}"[:300], asked=False)
    except PeriodLocked as locked:
        raise SieImportError(" ".join(locked.messages)) from locked
    earlier = SieImport.objects.filter(association=association, year=preview.year)
    replaced, _deleted = earlier.delete()
    record = SieImport.objects.create(
        association=association, year=preview.year, start=preview.start, end=preview.end,
        filename=_text(preview.filename, 255), sha256=preview.sha256,
        program=_text(preview.parsed.program, 200), company=_text(preview.parsed.company, 200),
        vouchers=len(preview.parsed.vouchers), unbalanced_accepted=bool(preview.unbalanced),
        imported_by=user if user is not None and user.is_authenticated else None,
        org_number=_text(preview.parsed.org_number, 20), result_source=preview.result_source,
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
    # The economy only: the import and what its removal of an earlier one takes with it.
    versions.changed(association, versions.parts_of(SieImport, deleting=True))
    audit(category=Category.DATA, action="sie_import", user=user, association=association,
          obj=record, rows=len(preview.booked), request=request,
          detail={"year": preview.year, "file": record.filename, "sha256": preview.sha256,
                  "replaced_earlier": replaced > 0,
                  "confirmed_despite": preview.identity})
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
