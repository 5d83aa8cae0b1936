from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.models import Association
from samsyn.surveys.models import Question, Round, Template
from samsyn.web.forms import DateInput, ScopedModelForm, limit_choices

DONT_KNOW = "vet-ej"


class AnswerForm(forms.Form):
    """Every question of a template; a scale question needs an answer or "vet ej"."""

    def __init__(self, *args: Any, template: Template, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        scale = [(str(v), str(v)) for v in range(template.scale_min, template.scale_max + 1)]
        for q in template.questions.all():
            if q.kind == Question.Kind.SCALE:
                self.fields[q.code] = forms.ChoiceField(
                    label=q.text, choices=[*scale, (DONT_KNOW, _("Don't know"))],
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                    error_messages={"required": _("Choose an answer, or “Don't know”.")},
                )
            else:
                self.fields[q.code] = forms.CharField(
                    label=q.text, required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def values(self) -> tuple[dict[str, int | None], dict[str, str]]:
        values: dict[str, int | None] = {}
        texts: dict[str, str] = {}
        for q in self.template.questions.all():
            answer = self.cleaned_data.get(q.code, "")
            if q.kind == Question.Kind.SCALE:
                values[q.code] = None if answer == DONT_KNOW else int(answer)
            else:
                texts[q.code] = answer
        return values, texts


class RoundForm(ScopedModelForm):
    class Meta:
        model = Round
        fields = ["template", "year", "intervention", "closes"]
        widgets = {"closes": DateInput()}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "template", association.survey_templates.all())
        limit_choices(self, "intervention", association.interventions.all())


class LocalQuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["code", "text", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("A short code of your own, e.g. L1.")


class TemplateFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("template file (JSON)"), required=False)


class InviteForm(forms.Form):
    links = forms.IntegerField(label=gettext_lazy("links to hand out"), min_value=0,
                               max_value=500, required=False)
    emails = forms.CharField(
        label=gettext_lazy("e-mail addresses, one a line"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Each gets a link of their own. The addresses are not kept."),
    )

    def clean_emails(self) -> list[str]:
        addresses = [a.strip() for a in self.cleaned_data.get("emails", "").splitlines()
                     if a.strip()]
        validator = forms.EmailField()
        for number, address in enumerate(addresses, start=1):
            try:
                validator.clean(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)s is not an e-mail address.") % {"number": number}
                ) from None
        return addresses


class ImportAnswersForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("answers (CSV, a column per question code)"))
    asked = forms.IntegerField(label=gettext_lazy("how many were asked"), min_value=0,
                               max_value=1_000_000, required=False)
