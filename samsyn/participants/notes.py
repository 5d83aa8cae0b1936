"""Sentences a participants report prints about its own rows, shared by the builder
(reports.py) and the staff view cut from the förbund's stored one (snapshots.py), which must
say the same of fewer insatser."""

from django.utils.translation import gettext as _


def not_given(names: list[str]) -> str:
    """Why the rows of insatser kept as counts, with no such count given, show "–"."""
    return _("Not given for %(insatser)s: these insatser are kept as counts, and the "
             "förbund gave no such count for the period, so their figures are “–”.") % {
        "insatser": ", ".join(names)}
