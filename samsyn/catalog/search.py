"""Full-text search of the public catalogue.

PostgreSQL: its own Swedish configuration, each word as a prefix of its stem. SQLite (the
embedded default): an FTS5 table kept current when an insats is saved, each stem a prefix.
Only public fields are indexed.
"""

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from samsyn.catalog.words import query_words
from samsyn.interventions.models import Intervention


def document(intervention: Intervention) -> str:
    groups = " ".join(g.name for g in intervention.target_groups.all()) if intervention.pk else ""
    return " ".join([intervention.name, intervention.catalog_offers,
                     intervention.catalog_audience, intervention.catalog_referral, groups])


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def index(intervention: Intervention) -> None:
    if not _sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_fts WHERE rowid = %s", [intervention.pk])
        if intervention.public:
            cursor.execute("INSERT INTO catalog_fts (rowid, body) VALUES (%s, %s)",
                           [intervention.pk, document(intervention)])


def unindex(pk: int) -> None:
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_fts WHERE rowid = %s", [pk])


def rebuild() -> int:
    """Index every public insats again (after a restore or a bulk import)."""
    if not _sqlite():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_fts")
    public = Intervention.objects.filter(public=True).prefetch_related("target_groups")
    for intervention in public:
        index(intervention)
    return len(public)


def matching(qs: QuerySet[Any], text: str) -> QuerySet[Any]:
    words = query_words(text)
    if not words:
        return qs
    if _sqlite():
        # Each stem quoted (FTS5 syntax characters stay literal) and searched as a prefix.
        match = " AND ".join('"' + w.replace('"', "") + '"*' for w in words)
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH %s", [match])
            ids = [row[0] for row in cursor.fetchall()]
        return qs.filter(pk__in=ids)
    from django.contrib.postgres.search import SearchQuery, SearchVector  # noqa: PLC0415 - PostgreSQL only: needs psycopg

    vector = SearchVector("name", "catalog_offers", "catalog_audience", "catalog_referral",
                          "target_groups__name", config="swedish")
    query = SearchQuery(" & ".join(f"{_pg_word(w)}:*" for w in words), config="swedish",
                        search_type="raw")
    ids = (qs.annotate(search=vector).filter(search=query).values("pk"))
    return qs.filter(pk__in=ids)


def _pg_word(word: str) -> str:
    # Only letters and digits reach to_tsquery, so no input can break its syntax.
    return "".join(c for c in word if c.isalnum()) or "x"
