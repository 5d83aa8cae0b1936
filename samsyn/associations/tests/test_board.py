import datetime as dt

from django.urls import reverse

from samsyn.associations.models import BoardMeetings, BoardMember


def test_the_office_keeps_the_board_and_its_meetings_on_the_board_page(alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("board_member_create", args=[slug]), {
        "name": "Bea Ersättare", "party": "S", "organisation": alfa.members["kommun"].pk,
        "seat": "substitute", "role": "", "start": "2022-01-01", "end": ""})
    assert response.status_code == 302
    seat = BoardMember.objects.get(association=alfa.association, name="Bea Ersättare")
    assert seat.seat == BoardMember.Seat.SUBSTITUTE
    response = client.post(reverse("board_meetings_create", args=[slug]),
                           {"year": "2023", "meetings": "6"})
    assert response.status_code == 302
    assert BoardMeetings.objects.get(association=alfa.association, year=2023).meetings == 6
    page = client.get(reverse("board", args=[slug])).content.decode()
    assert "Bea Ersättare (S)" in page and "Ersättare" in page


def test_a_seat_cannot_name_another_associations_member(alfa, beta, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("board_member_create", args=[alfa.association.slug]), {
        "name": "Smuggel", "organisation": beta.members["kommun"].pk, "seat": "ordinary"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not BoardMember.objects.filter(name="Smuggel").exists()


def test_a_seat_serves_in_the_years_of_its_term_and_always_without_one(alfa):
    seat = BoardMember(association=alfa.association, organisation=alfa.members["kommun"],
                       name="Ada", start=dt.date(2021, 7, 1), end=dt.date(2022, 6, 30))
    assert [seat.serves_in(y) for y in (2020, 2021, 2022, 2023)] == [False, True, True, False]
    seat.start = seat.end = None
    assert seat.serves_in(1999)
