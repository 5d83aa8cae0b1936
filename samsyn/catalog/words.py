"""Search words: Swedish enough that a stem finds its longer forms.

A light take on the Snowball Swedish stemmer's first step: strip one inflection ending from
each word, keeping at least four letters, and search the rest as a prefix, so "insatser" finds
"insats" and "arbetsträning" finds "arbetsträningsplatser".
"""

import re

SUFFIXES = sorted(
    ["heterna", "hetens", "arnas", "ernas", "ornas", "andes", "arens", "heten", "heter",
     "arna", "erna", "orna", "ande", "arne", "aste", "ens", "ets", "are", "ast", "ade", "het",
     "ad", "ar", "er", "or", "en", "et", "na", "a", "e", "s"],
    key=len, reverse=True,
)
_WORD = re.compile(r"\w+", re.UNICODE)


def stem(word: str) -> str:
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def query_words(text: str) -> list[str]:
    """The stems to look for, every one of which must match; at most eight."""
    words = [stem(w) for w in _WORD.findall(text) if len(w) >= 2]
    return list(dict.fromkeys(words))[:8]
