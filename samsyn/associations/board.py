"""The förbund's board: who sits on it for which member, ordinary or substitute, who chairs
it, and how many minuted meetings it held each year. The kansli keeps them here; the annual
report's governance part (002 2.5.1) prints them."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.associations.models import Association, BoardMeetings, BoardMember
from samsyn.web.forms import DateInput, ScopedModelForm, limit_choices


class BoardMemberForm(ScopedModelForm):
    class Meta:
        model = BoardMember
        fields = ["name", "party", "organisation", "seat", "role", "start", "end"]
        widgets = {"start": DateInput, "end": DateInput}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this förbund's members may be chosen: the choices are the tenant boundary.
        limit_choices(self, "organisation", association.members.all())


class BoardMeetingsForm(ScopedModelForm):
    class Meta:
        model = BoardMeetings
        fields = ["year", "meetings"]


def _board_url(access: Access) -> str:
    return reverse("board", args=[access.association.slug])


def board_of(association: Association, year: int) -> list[BoardMember]:
    """The seats of the board some day of the year."""
    return [m for m in association.board_members.select_related("organisation")
            if m.serves_in(year)]


@association_view()
def board(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "associations/board.html", {
        "access": access, "association": access.association,
        "members": access.association.board_members.select_related("organisation"),
        "meetings": access.association.board_meetings.all()})


@association_view(edit=True)
def board_member_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = BoardMemberForm(request.POST or None, association=access.association,
                           instance=BoardMember(association=access.association))
    return save_form(request, access, form, title=_("New board member"),
                     cancel_url=_board_url(access), success_url=_board_url(access))


@association_view(edit=True)
def board_member_edit(request: HttpRequest, access: Access, board_member_id: int) -> HttpResponse:
    member = get_object_or_404(BoardMember, association=access.association, pk=board_member_id)
    form = BoardMemberForm(request.POST or None, association=access.association,
                           instance=member)
    return save_form(request, access, form, title=_("Edit board member"),
                     cancel_url=_board_url(access), success_url=_board_url(access))


@association_view(edit=True)
def board_member_delete(request: HttpRequest, access: Access,
                        board_member_id: int) -> HttpResponse:
    member = get_object_or_404(BoardMember, association=access.association, pk=board_member_id)
    return confirm_delete(request, access, member, cancel_url=_board_url(access),
                          success_url=_board_url(access))


@association_view(edit=True)
def board_meetings_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = BoardMeetingsForm(request.POST or None,
                             instance=BoardMeetings(association=access.association))
    return save_form(request, access, form, title=_("Board meetings of a year"),
                     cancel_url=_board_url(access), success_url=_board_url(access))


@association_view(edit=True)
def board_meetings_edit(request: HttpRequest, access: Access,
                        board_meetings_id: int) -> HttpResponse:
    meetings = get_object_or_404(BoardMeetings, association=access.association,
                                 pk=board_meetings_id)
    form = BoardMeetingsForm(request.POST or None, instance=meetings)
    return save_form(request, access, form, title=_("Board meetings of a year"),
                     cancel_url=_board_url(access), success_url=_board_url(access))


@association_view(edit=True)
def board_meetings_delete(request: HttpRequest, access: Access,
                          board_meetings_id: int) -> HttpResponse:
    meetings = get_object_or_404(BoardMeetings, association=access.association,
                                 pk=board_meetings_id)
    return confirm_delete(request, access, meetings, cancel_url=_board_url(access),
                          success_url=_board_url(access))
