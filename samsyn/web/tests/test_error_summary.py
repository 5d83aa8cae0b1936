"""The error summary at the top of every page whose form failed (templatetags/error_summary)."""

from django import forms
from django.test import Client

from samsyn.web.templatetags.error_summary import Problem, problems_in

TITLE = "Det finns fel i formuläret"


class _Line(forms.Form):
    account = forms.CharField(label="Konto")
    amount = forms.IntegerField(label="Belopp")
    hidden = forms.CharField(widget=forms.HiddenInput)


def _summary(page: str) -> str:
    start = page.index("data-error-summary")
    return page[start:page.index("</div>", start)]


def test_a_form_drawn_by_form_html_gets_a_summary_linking_each_field(alfa, login):
    page = login(alfa.users["office"]).post("/f/alfa/insatser/ny/", {"name": ""}).content.decode()
    summary = _summary(page)
    assert TITLE in summary
    assert '<a href="#id_name">Namn: Detta fält måste fyllas i.</a>' in summary
    assert 'href="#id_slug"' in summary
    # At the top: before the page's heading, and focused when the page opens.
    assert page.index("data-error-summary") < page.index("<h1>")
    assert 'tabindex="-1" autofocus' in page


def test_a_form_with_its_own_template_gets_the_summary_too(alfa, login):
    page = login(alfa.users["office"]).post("/konto/api-nycklar/", {"name": ""}).content
    summary = _summary(page.decode())
    assert TITLE in summary and 'href="#id_name"' in summary


def test_an_error_of_the_whole_form_is_listed_without_a_link(alfa):
    page = Client().post("/konto/logga-in/", {"username": "nobody", "password": "wrong"})
    summary = _summary(page.content.decode())
    assert TITLE in summary
    assert "<li>Ange" in summary


def test_a_page_without_errors_has_no_summary(alfa, login):
    page = login(alfa.users["office"]).get("/f/alfa/insatser/ny/").content.decode()
    assert "data-error-summary" not in page


def test_each_form_and_each_line_of_a_formset_is_listed_once():
    lines = forms.formset_factory(_Line, extra=0)(
        {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
         "form-0-account": "3010", "form-0-amount": "x", "form-0-hidden": "h",
         "form-1-account": "", "form-1-amount": "5"})
    assert not lines.is_valid()
    problems = problems_in([lines, lines, lines.forms[0]])
    assert Problem("Belopp: Fyll i ett heltal.", "id_form-0-amount") in problems
    assert Problem("Konto: Detta fält måste fyllas i.", "id_form-1-account") in problems
    # A hidden field has nowhere to link to.
    assert Problem("Detta fält måste fyllas i.", "") in problems
    assert len(problems) == len(set(problems)) == 3


def test_an_error_of_radio_buttons_links_to_the_first_of_them():
    class Answer(forms.Form):
        grade = forms.ChoiceField(label="Betyg", choices=[("1", "1"), ("2", "2")],
                                  widget=forms.RadioSelect)

    form = Answer({})
    assert not form.is_valid()
    assert problems_in([form]) == [Problem("Betyg: Detta fält måste fyllas i.", "id_grade_0")]
    assert 'id="id_grade_0"' in str(form["grade"])


def test_a_bound_form_nobody_validated_is_left_alone():
    form = _Line({"account": ""})
    assert problems_in([form]) == []
    assert form._errors is None
