from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, County


class Snapshot(models.Model):
    """One förbund's published, suppressed figures for a year, as the national view reads them.

    Local snapshots point to their förbund; imported ones (from another installation's signed
    file) carry only what the file said, filed under the name of the key that signed them.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="national_snapshots")
    # "" for this installation's own förbund; otherwise the trusted key's name.
    origin = models.CharField(_("source"), max_length=100, blank=True)
    slug = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=200)
    county = models.CharField(_("county"), max_length=2, choices=County.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    figures = models.JSONField()
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["year", "name"]
        constraints = [models.UniqueConstraint(fields=["origin", "slug", "year"],
                                               name="national_one_snapshot_per_year")]
        indexes = [models.Index(fields=["year"])]
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Figure(models.Model):
    """One published figure of a snapshot, as a row the database adds up (figures.rows).

    Written with the snapshot in the same transaction (services.py), never on its own: the
    snapshot's JSON stays the published document, these rows are how the national view sums it.
    """

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows",
                                 db_index=False)  # the unique constraint's index leads with it
    section = models.CharField(_("section"), max_length=20)
    # A national category's code, an economy category, or a question's code from a signed file.
    code = models.TextField(_("code"), blank=True)
    # A count (0 for a hidden cell), or an amount in öre.
    number = models.BigIntegerField(_("number"))
    hidden = models.BooleanField(_("hidden"), default=False)
    places = models.PositiveSmallIntegerField(_("decimals"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "section", "code"],
                                               name="national_one_figure_per_cell")]
        verbose_name = _("row of published figures")
        verbose_name_plural = _("rows of published figures")

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.section} {self.code}"
