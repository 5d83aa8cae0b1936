"""Fail when a Swedish catalogue has an untranslated or fuzzy entry, or a stale .mo file.

Run after scripts/messages.py so that every string in the code is in a catalogue.
"""

import ast
import gettext
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_po(path: Path) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    key = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = {}, ""
            continue
        if line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[key] = str(entry[key]) + ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        entry[key] = ast.literal_eval(value)
    return entries


def check(po: Path) -> list[str]:
    problems = []
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return [f"{mo}: missing; run make messages"]
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(po):
        msgid = entry.get("msgid")
        if not msgid:
            continue
        context = entry.get("msgctxt")
        label = f"{po}: {msgid!r}"
        if entry.get("fuzzy"):
            problems.append(f"{label} is fuzzy")
        if "msgid_plural" in entry:
            forms = [entry.get(f"msgstr[{i}]") for i in range(2)]
            if not all(forms):
                problems.append(f"{label} has no Swedish plural forms")
            elif compiled.ngettext(str(msgid), str(entry["msgid_plural"]), 1) != forms[0]:
                problems.append(f"{label}: {mo.name} is older than the .po file")
            continue
        msgstr = entry.get("msgstr")
        if not msgstr:
            problems.append(f"{label} has no Swedish translation")
            continue
        got = compiled.pgettext(str(context), str(msgid)) if context else compiled.gettext(
            str(msgid)
        )
        if got != msgstr:
            problems.append(f"{label}: {mo.name} is older than the .po file")
    return problems


def main() -> int:
    files = sorted(ROOT.glob("samsyn/**/locale/sv/LC_MESSAGES/django.po"))
    if not files:
        print("no catalogues found")
        return 1
    problems = [p for po in files for p in check(po)]
    for problem in problems:
        print(problem)
    print(f"{len(files)} catalogues, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
