"""A survey template file with a NUL byte or a lone surrogate in any of its texts (found by
redteam7 on PostgreSQL): JSON's \\u0000 and \\ud800 escapes give Python strings that neither
PostgreSQL (NUL) nor any database driver (a surrogate has no UTF-8) can store, so the upload was
a 500. The file is refused with a message and no template is written."""

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from samsyn.surveys.models import Question, Template
from samsyn.surveys.services import SurveyError, check_template, read_template

BASE = json.loads((Path(__file__).resolve().parents[1] / "nns" / "chefer.json").read_text())
SURROGATES = {"lone high surrogate": "\ud800", "lone low surrogate": "a\udcffb"}
PLACES = [("name",), ("scale", "low_label"), ("scale", "high_label"), ("questions", 0, "text"),
          ("questions", 0, "code")]
PLACE_IDS = [".".join(map(str, p)) for p in PLACES]


def _data(place, text):
    data = json.loads(json.dumps(BASE))
    holder = data
    for key in place[:-1]:
        holder = holder[key]
    holder[place[-1]] = text
    return data


def _upload(place, text):
    upload = io.BytesIO(json.dumps(_data(place, text)).encode())
    upload.name = "mall.json"
    return upload


@pytest.mark.parametrize("place", PLACES, ids=PLACE_IDS)
def test_a_nul_in_any_text_of_a_template_is_an_error(place):
    where = place[0] if len(place) == 1 else (
        f"{place[0]}.{place[1]}" if len(place) == 2 else f"{place[0]}[{place[1]}].{place[2]}")
    assert any(error.startswith(where) for error in check_template(_data(place, "a\x00b")))


@pytest.mark.parametrize("text", SURROGATES.values(), ids=SURROGATES.keys())
@pytest.mark.parametrize("place", PLACES, ids=PLACE_IDS)
def test_a_lone_surrogate_in_any_text_of_a_template_file_is_refused(place, text):
    with pytest.raises(SurveyError, match="UTF-16"):
        read_template(_upload(place, text).read())


@pytest.mark.parametrize(("place", "text"), [(("scale", "low_label"), "a\x00b"),
                                             (("questions", 0, "text"), "\ud800")],
                         ids=["nul in a label", "surrogate in a question"])
def test_the_upload_refuses_a_template_no_database_can_store(alfa, login, place, text):
    office = login(alfa.users["office"])
    before = (Template.objects.count(), Question.objects.count())
    response = office.post(reverse("template_load", args=["alfa"]),
                           {"file": _upload(place, text)}, follow=True)
    assert "Mallfilen avvisas" in response.content.decode()
    assert (Template.objects.count(), Question.objects.count()) == before
