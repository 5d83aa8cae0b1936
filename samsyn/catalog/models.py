from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.interventions.models import Intervention


class SearchDocument(models.Model):
    """A public insats's catalogue text as the search reads it: folded, stemmed words.

    Kept by samsyn.catalog.search whenever an insats or its target groups change, so both
    databases search the same words: PostgreSQL through to_tsvector('simple', body), the
    embedded SQLite through its FTS5 table catalog_fts (rowid = the insats)."""

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE,
                                        primary_key=True, related_name="+",
                                        verbose_name=_("intervention"))
    body = models.TextField(_("search text"))

    class Meta:
        verbose_name = _("catalogue search text")
        verbose_name_plural = _("catalogue search texts")

    def __str__(self) -> str:
        return str(self.intervention_id)
