"""Search words: Swedish enough that a stem finds its longer forms, with or without å, ä, ö.

A light take on the Snowball Swedish stemmer's first step: strip one inflection ending from
each word, keeping at least four letters, and search the rest as a prefix, so "insatser" finds
"insats" and "arbetsträning" finds "arbetsträningsplatser". Both the catalogue's text and the
query are folded first (å, ä → a, ö → o, é → e), so "arbetstraning" finds it as well.
Synonyms are data (synonyms.txt): a query word finds every word of its line.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SUFFIXES = sorted(
    ["heterna", "hetens", "arnas", "ernas", "ornas", "andes", "arens", "heten", "heter",
     "arna", "erna", "orna", "ande", "arne", "aste", "ens", "ets", "are", "ast", "ade", "het",
     "ad", "ar", "er", "or", "en", "et", "na", "a", "e", "s"],
    key=len, reverse=True,
)
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"
MAX_TERMS = 8


def fold(text: str) -> str:
    """Lower case without diacritics: the form both the index and the query are kept in."""
    # Decomposed first: some letters only become plain ones (and capitals) through it.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    word = fold(word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The folded words of a text, in order: what the index holds."""
    return _WORD.findall(fold(text))


@cache
def _synonyms() -> dict[str, tuple[str, ...]]:
    """Each word's stem -> the stems of every word on its line of synonyms.txt."""
    found: dict[str, tuple[str, ...]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        group = tuple(dict.fromkeys(stem(w) for w in _WORD.findall(line)))
        for member in group:
            found[member] = tuple(dict.fromkeys(found.get(member, ()) + group))
    return found


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: a word (any of its synonyms), or a phrase whose
    words stand in this order, next to each other. Every stem is matched as a prefix."""

    alternatives: tuple[str, ...] = ()
    phrase: tuple[str, ...] = ()


def query_terms(text: str) -> list[Term]:
    """What to look for: quoted phrases, then single words; at most eight in all."""
    terms: list[Term] = []
    for quoted in _PHRASE.findall(text):
        stems = tuple(stem(w) for w in _WORD.findall(quoted) if len(w) >= 2)
        if len(stems) > 1:
            terms.append(Term(phrase=stems))
        elif stems:
            terms.append(Term(alternatives=_synonyms().get(stems[0], stems)))
    rest = _PHRASE.sub(" ", text)
    for word in _WORD.findall(rest):
        if len(word) >= 2:
            s = stem(word)
            terms.append(Term(alternatives=_synonyms().get(s, (s,))))
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def query_words(text: str) -> list[str]:
    """The stems of a query's words, every one of which must match; at most eight."""
    found = [stem(w) for w in _WORD.findall(text) if len(w) >= 2]
    return list(dict.fromkeys(found))[:MAX_TERMS]
