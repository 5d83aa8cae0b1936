"""Excel sheet names for a document's tables: at most 31 characters, as Excel allows, and never
cut mid-word ("Avslutade deltaganden efter…" reads as another table's).

A title that does not fit loses its parenthesised remarks ("(kr)"), then takes abbreviations from
ABBREVIATIONS one at a time, in the table's order, until it fits; a note keeps its number
("Not 7"); anything else is "Tabell 12", the table's place. The sheet's first cell and the
contents sheet give every title in full. Plain functions: no Django, no workbook.
"""

import re

LIMIT = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_REMARK = re.compile(r"\s*\([^()]*\)")
_NOTE = re.compile(r"^(Not \d+)\b")

# Swedish, as the documents are; a phrase before the words it holds. Each abbreviation is one
# a Swedish reader knows or that the full title on the sheet explains.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("avslutade deltaganden som gått till arbete eller studier", "till arbete eller studier"),
    ("Sammanställning av budget och utfall", "Budget och utfall"),
    ("i jämförelse med", "jmf."),
    ("god ekonomisk hushållning", "god ek. hushålln."),
    ("Verksamhetsplanens", "Planens"),
    ("Verksamhetens", "Verks."),
    ("förbundsordningen", "förb.ordn."),
    ("Medlemsbidrag", "Medl.bidr."),
    ("enligt", "enl."),
    ("deltaganden", "delt."),
    ("deltagare", "delt."),
    ("avslutsorsak", "orsak"),
    ("Avslutade", "Avsl."),
    ("avslutade", "avsl."),
    ("anvisande", "anv."),
    ("Kortfristiga", "Kortfr."),
    ("förutbetalda", "förutb."),
    ("intäkter", "int."),
    ("kostnader", "kostn."),
    ("anmälningar", "anm."),
    ("beredningsgrupper", "ber.grupper"),
    ("och", "&"),
    ("efter", "e."),
)


def _clean(title: str) -> str:
    return " ".join(_FORBIDDEN.sub(" ", title).split())


def shortened(title: str, limit: int = LIMIT) -> str | None:
    """The title as a sheet name of at most `limit` characters, or None where the table of
    abbreviations does not bring it there."""
    name = _clean(title)
    if len(name) <= limit:
        return name or None
    name = " ".join(_REMARK.sub("", name).split())
    for long, short in ABBREVIATIONS:
        if len(name) <= limit:
            break
        name = re.sub(rf"(?<!\w){re.escape(long)}(?!\w)", short, name)
    name = _clean(name)  # no abbreviation brings in a character Excel refuses
    if len(name) <= limit:
        return name
    note = _NOTE.match(name)
    return note.group(1) if note else None


def sheet_name(title: str, used: set[str], number: int, fallback: str) -> str:
    """A name Excel takes (31 characters, none of []:*?/\\), unique in the workbook without
    regard to case (`used` holds the names given, in lower case, and gets this one); `fallback`
    ("Tabell 12") where the title cannot be shortened."""
    base = shortened(title) or fallback
    name, n = base, 2
    while name.lower() in used:
        # A second table of one title is "… (2)"; where that no longer fits, its place.
        if len(base) + len(f" ({n})") > LIMIT:
            base, n = fallback, 2
            name = base
            continue
        name = f"{base} ({n})"
        n += 1
    used.add(name.lower())
    return name
