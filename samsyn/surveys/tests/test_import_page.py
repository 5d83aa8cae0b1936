"""The answers' import page sends its file: the shared form template asks the browser for a
multipart body whenever the form has a file field (without it, no file ever arrived)."""

import io

from django.urls import reverse

from samsyn.surveys.models import Response
from samsyn.web.tests.posting import signed_in


def test_the_import_page_sends_the_file_and_the_answers_are_imported(alfa):
    round = alfa.extra["survey_round"]
    url = reverse("round_import", args=[alfa.association.slug, round.pk])
    client = signed_in(alfa.users["office"])
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
    code = round.template.questions.filter(kind="scale").order_by("order").first().code
    upload = io.StringIO(f"{code}\n8\n9\n")
    upload.name = "svar.csv"
    assert client.post(url, {"file": upload, "asked": "10"}).status_code == 302
    assert Response.objects.filter(round=round).count() == 2


def test_a_form_without_a_file_asks_for_no_multipart_body(alfa):
    page = signed_in(alfa.users["office"]).get(
        reverse("association_edit", args=[alfa.association.slug]))
    assert page.status_code == 200 and "multipart" not in page.content.decode()
