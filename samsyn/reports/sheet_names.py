"""Excel sheet names for a document's tables: at most 31 characters, as Excel allows, and never
cut mid-word ("Avslutade deltaganden efter…" reads as another table's).

A title that does not fit loses its parenthesised remarks ("(kr)"), then takes abbreviations from
ABBREVIATIONS one at a time, in the table's order, until it fits; a note keeps its number
("Not 7"). A title still too long is cut after a whole word (`cut`), never after a word that
leaves the name hanging ("… efter"); an insats's table ("MIA Vidare Östra Södertörn: Nya
deltagare 2022 per kommun") keeps the first words of the insats and as much of the table as
fits ("MIA Vidare – Nya delt. 2022"), so the tables of one insats do not all read as its
name. Two names alike take a number, "(2)", for which the name is cut shorter. "Tabell 12",
the table's place, is left for a table without a title or a part. The sheet's first cell and
the contents sheet give every title in full. Plain functions: no Django, no workbook.
"""

import re

LIMIT = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_REMARK = re.compile(r"\s*\([^()]*\)")
_NOTE = re.compile(r"^(Not \d+)\b")
# ", 1 juni 2020–31 december 2022" after a title: the period, which the sheet's title gives.
_CLAUSE = re.compile(r",[^,]*\d[^,]*$")
# A part's number before its heading: "4.1 Medlemsbidrag".
_PART_NUMBER = re.compile(r"^\d+(\.\d+)*\s+")
# Words a cut name may not end on: it would read as unfinished.
_WEAK = frozenset({"och", "&", "e.", "efter", "i", "av", "för", "med", "som", "till", "per",
                   "på", "under", "om", "vid", "från", "mot", "den", "det", "de", "en", "ett",
                   "-", "–", "enl.", "jmf."})
# The room an insats's name keeps before its table's title where both do not fit: at most 15
# characters, and at least 8 where it has them ("MIA Vidare", not "MIA"; "Hela MIA", not
# "Hela"), so the tables of one insats begin alike.
_HEAD = 15
_HEAD_LEAST = 8

# Swedish, as the documents are; a phrase before the words it holds. Each abbreviation is one
# a Swedish reader knows or that the full title on the sheet explains.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("avslutade deltaganden som gått till arbete eller studier", "till arbete eller studier"),
    ("Sammanställning av budget och utfall", "Budget och utfall"),
    ("i jämförelse med", "jmf."),
    ("jämfört med", "jmf."),
    ("god ekonomisk hushållning", "god ek. hushålln."),
    ("Verksamhetsplanens", "Planens"),
    ("Verksamhetens", "Verks."),
    ("ekonomiska", "ek."),
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
    # Excel also refuses a name that begins or ends with an apostrophe.
    # Apostrophes and spaces together: "Nya ' '" stripped of one, then the other, kept one.
    return " ".join(_FORBIDDEN.sub(" ", title).split()).strip("' ")


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
    return _clean(note.group(1)) or None if note else None


def _words_within(words: list[str], limit: int) -> str:
    """As many of the words as fit in `limit` characters, less any that would end it weakly."""
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    # "styr-" of "styr- och beredningsgrupper" leaves its compound unfinished.
    while kept and (kept[-1].lower().strip("',") in _WEAK | {""} or kept[-1].endswith("-")):
        kept.pop()
    return _clean(" ".join(kept).rstrip(","))


def _abbreviated(text: str) -> str:
    name = " ".join(_REMARK.sub("", _clean(text)).split())
    for long, short in ABBREVIATIONS:
        name = re.sub(rf"(?<!\w){re.escape(long)}(?!\w)", short, name)
    return _clean(name)


def cut(title: str, limit: int = LIMIT) -> str | None:
    """The title, abbreviated and cut after a whole word, in at most `limit` characters; None
    where not even the first word fits.

    An insats's table ("MIA Vidare Östra Södertörn: Nya deltagare 2022 per kommun") keeps the
    first words of the insats (8 to 15 characters), as few of them as lets most of the table's
    own words in: "MIA Vidare – Nya delt. 2022"."""
    head, colon, tail = title.partition(": ")
    if colon and tail:
        # The period after a comma goes first: the sheet's first cell states it.
        shown = _abbreviated(_CLAUSE.sub("", tail) if _CLAUSE.sub("", tail).strip() else tail)
        words = _abbreviated(head).split()
        best: tuple[int, int, str] | None = None
        for count in range(1, len(words) + 1):
            short_head = _words_within(words[:count], _HEAD)
            if not short_head or len(short_head.split()) < count:
                break
            if len(short_head) < _HEAD_LEAST and count < len(words):
                continue
            whole = _words_within(f"{short_head} – {shown}".split(), limit)
            kept = len(whole.split()) - count - 1  # the table's own words, after the dash
            if kept > 0 and (best is None or (kept, count) >= best[:2]):
                best = (kept, count, whole)
        if best:
            return best[2]
    name = _abbreviated(title)
    if len(name) > limit and _CLAUSE.sub("", name).strip():
        name = _CLAUSE.sub("", name)
    return _words_within(name.split(), limit) or None


def _base(title: str, limit: int) -> str | None:
    return shortened(title, limit) or cut(title, limit)


def sheet_name(title: str, used: set[str], number: int, fallback: str, part: str = "") -> str:
    """A name Excel takes (31 characters, none of []:*?/\\), unique in the workbook without
    regard to case (`used` holds the names given, in lower case, and gets this one): the title
    abbreviated or cut (`cut`); for a table without a title its part's heading; `fallback`
    ("Tabell 12") where neither gives a word. A second table of one name is "… (2)", the
    name cut shorter where the number would not fit."""
    source = title.strip() or _PART_NUMBER.sub("", part.strip())
    base = _base(source, LIMIT) if source else None
    name, n = base or fallback, 2
    while name.lower() in used:
        suffix = f" ({n})"
        shorter = _base(source, LIMIT - len(suffix)) if source else None
        name = f"{shorter or fallback[:LIMIT - len(suffix)]}{suffix}"
        n += 1
    used.add(name.lower())
    return name
