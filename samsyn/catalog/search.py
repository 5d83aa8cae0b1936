"""Full-text search of the public catalogue, the same on both databases.

Each public insats's public text (name, what it offers, who it is for, how to apply, its
target groups with their descriptions) is kept as folded, stemmed words (samsyn.catalog.words)
in SearchDocument. A query is a list of terms, each a word with its synonyms or a quoted
phrase, and every stem is matched as the start of a stemmed word: PostgreSQL with the
`simple` text search configuration over that text, SQLite with its FTS5 table. Only public
fields are indexed.
"""

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from samsyn.catalog.models import SearchDocument
from samsyn.catalog.words import Term, query_terms, stem, words
from samsyn.interventions.models import Intervention


def document(intervention: Intervention) -> str:
    groups = list(intervention.target_groups.all()) if intervention.pk else []
    text = " ".join([intervention.name, intervention.catalog_offers,
                     intervention.catalog_audience, intervention.catalog_referral,
                     *(f"{g.name} {g.description}" for g in groups)])
    return " ".join(stem(w) for w in words(text))


FTS_QUERY = "SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH %s"


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def index(intervention: Intervention) -> None:
    unindex(intervention.pk)
    if not intervention.public:
        return
    body = document(intervention)
    SearchDocument.objects.create(intervention=intervention, body=body)
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO catalog_fts (rowid, body) VALUES (%s, %s)",
                           [intervention.pk, body])


def unindex(pk: int) -> None:
    SearchDocument.objects.filter(intervention_id=pk).delete()
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_fts WHERE rowid = %s", [pk])


def rebuild() -> int:
    """Index every public insats again (after a restore or a bulk import)."""
    SearchDocument.objects.all().delete()
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_fts")
    public = Intervention.objects.filter(public=True).prefetch_related("target_groups")
    for intervention in public:
        index(intervention)
    return len(public)


def _clean(stem_: str) -> str:
    # Only letters and digits reach either database's query syntax, so no input breaks it.
    return "".join(c for c in stem_ if c.isalnum())


def _fts5(term: Term) -> str:
    if term.phrase:
        return " + ".join(f'"{_clean(s)}"*' for s in term.phrase if _clean(s))
    return "(" + " OR ".join(f'"{_clean(s)}"*' for s in term.alternatives if _clean(s)) + ")"


def _tsquery(term: Term) -> str:
    if term.phrase:
        return "(" + " <-> ".join(f"{_clean(s)}:*" for s in term.phrase if _clean(s)) + ")"
    return "(" + " | ".join(f"{_clean(s)}:*" for s in term.alternatives if _clean(s)) + ")"


def matching_ids(text: str, *, fts_query: str,
                 documents: QuerySet[Any]) -> list[int] | QuerySet[Any] | None:
    """The keys of the documents whose `body` holds every term of `text` (None: the text
    has no term, so nothing narrows the search). Shared by every full-text search of the app:
    the catalogue here, a förbund's own records in samsyn.home.search. On SQLite the keys are
    the rowids of an FTS5 table kept beside `documents`; on PostgreSQL the
    documents' own keys. `fts_query` is the caller's constant statement selecting the
    rowids of its FTS5 table that MATCH one parameter."""
    terms = [t for t in query_terms(text)
             if any(_clean(s) for s in (t.phrase or t.alternatives))]
    if not terms:
        return None
    if _sqlite():
        match = " AND ".join(_fts5(t) for t in terms)
        with connection.cursor() as cursor:
            cursor.execute(fts_query, [match])
            return [row[0] for row in cursor.fetchall()]
    query = " & ".join(_tsquery(t) for t in terms)
    return documents.extra(  # the query is a bound parameter
        where=["to_tsvector('simple', body) @@ to_tsquery('simple', %s)"], params=[query],
    ).values("pk")


def matching(qs: QuerySet[Any], text: str) -> QuerySet[Any]:
    found = matching_ids(text, fts_query=FTS_QUERY, documents=SearchDocument.objects.all())
    if found is None:
        return qs
    return qs.filter(pk__in=found)
