"""The board as the annual report's governance part prints it (002 2.5.1): each member
organisation's ordinary members beside their substitutes, the chair and vice chair marked, and
the year's minuted meetings."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samsyn.associations.models import BoardMeetings, BoardMember
from samsyn.reports.document import Cell, Column, Report, ReportParams, Table


def shown_name(member: BoardMember) -> str:
    """"Ajda Asgari (MP) (ordf)", as 002 prints a seat."""
    name = member.name + (f" ({member.party})" if member.party else "")
    if member.role == BoardMember.Role.CHAIR:
        name += " (" + pgettext("board seat, short", "chair") + ")"
    elif member.role == BoardMember.Role.VICE_CHAIR:
        name += " (" + pgettext("board seat, short", "vice chair") + ")"
    return name


def board_report(params: ReportParams) -> Report:
    seats = [m for m in BoardMember.objects.filter(association=params.association)
             .select_related("organisation") if m.serves_in(params.year)]
    meetings = BoardMeetings.objects.filter(association=params.association,
                                            year=params.year).first()
    tables: list[Table] = []
    if seats:
        by_organisation: dict[int, tuple[str, list[str], list[str]]] = {}
        for seat in seats:
            _name, ordinary, substitutes = by_organisation.setdefault(
                seat.organisation_id, (seat.organisation.name, [], []))
            into = ordinary if seat.seat == BoardMember.Seat.ORDINARY else substitutes
            into.append(shown_name(seat))
        rows: list[dict[str, Cell]] = []
        for pk, (organisation, ordinary, substitutes) in by_organisation.items():
            # An ordinary member beside a substitute, pair by pair, as 002's table has them.
            for i in range(max(len(ordinary), len(substitutes))):
                rows.append({"_key": f"{pk}:{i}",
                             "ordinary": ordinary[i] if i < len(ordinary) else "",
                             "substitute": substitutes[i] if i < len(substitutes) else "",
                             "organisation": organisation})
        note = ""
        if meetings is not None:
            note = _("The board held %(n)s minuted meetings in %(year)s.") % {
                "n": meetings.meetings, "year": params.year}
        tables.append(Table(
            title=_("The board %(year)s") % {"year": params.year},
            columns=[Column("ordinary", _("Ordinary member")),
                     Column("substitute", _("Substitute")),
                     Column("organisation", _("Member organisation"))],
            rows=rows, note=note))
    elif meetings is not None:
        tables.append(Table(title=_("The board %(year)s") % {"year": params.year},
                            columns=[], rows=[], note=_(
            "The board held %(n)s minuted meetings in %(year)s. Its members are not entered: "
            "the kansli enters them under Members → The board.") % {
            "n": meetings.meetings, "year": params.year}))
    return Report(kind="board", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=False,
                  data={"seats": len(seats),
                        "meetings": meetings.meetings if meetings is not None else None})
