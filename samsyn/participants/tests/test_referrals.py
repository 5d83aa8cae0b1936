from django.urls import reverse

from samsyn.participants.models import ReferralCount


def test_the_office_keeps_referral_counts_apart_from_participants(alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("referral_create", args=[slug]), {
        "intervention": alfa.intervention.pk, "period_start": "2023-01-01",
        "period_end": "2023-12-31", "municipality": alfa.members["kommun"].pk,
        "gender": "man", "count": "31"})
    assert response.status_code == 302
    count = ReferralCount.objects.get(intervention=alfa.intervention, gender="man",
                                      period_start__year=2023)
    assert count.count == 31
    page = client.get(reverse("referral_list", args=[slug])).content.decode()
    assert alfa.intervention.name in page and "31" in page


def test_a_referral_count_cannot_name_another_associations_insats(alfa, beta, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("referral_create", args=[alfa.association.slug]), {
        "intervention": beta.intervention.pk, "period_start": "2023-01-01",
        "period_end": "2023-12-31", "gender": "man", "count": "3"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not ReferralCount.objects.filter(intervention=beta.intervention,
                                            period_start__year=2023).exists()


def test_the_board_may_not_read_exact_referral_counts(alfa, login):
    client = login(alfa.users["board"])
    response = client.get(reverse("referral_list", args=[alfa.association.slug]))
    assert response.status_code == 403
