import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samsyn.associations.commands import association_or_error
from samsyn.associations.models import MemberKind
from samsyn.finance.allocation import to_thousands
from samsyn.finance.contributions import ContributionError, split_for
from samsyn.web.formatting import format_number


def _population(text: str) -> tuple[str, int]:
    name, sep, count = text.rpartition("=")
    digits = count.replace(" ", "").replace("\u00a0", "")
    if not sep or not name.strip() or not digits.isdigit() or int(digits) <= 0:
        raise ValueError(text)
    return name.strip(), int(digits)


def _kind(code: str) -> str:
    """The member kind as the contributions page names it (in the installation's language)."""
    return str(dict(MemberKind.choices).get(code, code))


class Command(BaseCommand):
    help = ("Split a year's member contributions by the förbundsordning: whole kronor that "
            "add up exactly to the total. Nothing is stored.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="the förbund's short name")
        parser.add_argument("--year", type=int, required=True, help="the budget year")
        parser.add_argument("--total", type=int, required=True, help="the total in kronor")
        parser.add_argument(
            "--population", action="append", default=[], metavar="KOMMUN=N",
            help="override a kommun's population on 1 November the year before, or add a "
                 "kommun that is not a member (a what-if); repeatable",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        association = association_or_error(options["association"])
        overrides = {}
        for text in options["population"]:
            try:
                name, count = _population(text)
            except ValueError:
                raise CommandError(
                    f"--population {text!r}: write it as KOMMUN=N with N above zero"
                ) from None
            overrides[name] = count
        try:
            split = split_for(association, options["year"], options["total"], overrides)
        except ContributionError as exc:
            raise CommandError(str(exc)) from exc
        for warning in split.warnings:
            self.stderr.write(warning)
        if options["format"] == "json":
            self.stdout.write(json.dumps({
                "year": split.year, "total": split.total,
                "members": [{"name": a.name, "kind": a.kind, "kind_label": _kind(a.kind),
                             "amount": a.amount} for a in split.allocations],
            }, ensure_ascii=False, indent=2))
            return
        self._table(split)

    def _table(self, split: Any) -> None:
        thousands = to_thousands([a.amount for a in split.allocations],
                                 [a.name for a in split.allocations])
        width = max(len(a.name) for a in split.allocations)
        kinds = [_kind(a.kind) for a in split.allocations]
        kind_width = max(len(k) for k in kinds)
        for a, kind, tkr in zip(split.allocations, kinds, thousands, strict=True):
            population = split.populations.get(a.name)
            pop = format_number(population) if population else ""
            self.stdout.write(f"{a.name:<{width}}  {kind:<{kind_width}} {pop:>12} "
                              f"{format_number(a.amount):>14} kr {format_number(tkr):>8} tkr")
        self.stdout.write(f"{'':<{width}}  {'':<{kind_width}} {'':>12} "
                          f"{format_number(split.total):>14} kr "
                          f"{format_number(sum(thousands)):>8} tkr")
