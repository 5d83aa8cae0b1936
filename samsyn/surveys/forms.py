from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.models import Association
from samsyn.surveys.models import Question, Round, Template
from samsyn.web.forms import DateInput, ScopedModelForm, limit_choices

DONT_KNOW = "vet-ej"
_SEEN_SALT = "samsyn.surveys.forms.published_seen"


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


BANDS = (("negative", gettext_lazy("negative (%)")), ("neither", gettext_lazy("neither (%)")),
         ("positive", gettext_lazy("positive (%)")),
         ("clearly_positive", gettext_lazy("clearly positive (%)")))


class PublishedSharesForm(forms.Form):
    """A round's results as the förbund published them: per question the shares in percent."""

    answered = forms.IntegerField(label=gettext_lazy("number who answered"), min_value=0,
                                  max_value=1_000_000)
    asked = forms.IntegerField(label=gettext_lazy("number asked"), min_value=0,
                               max_value=1_000_000)
    # The results as the page showed them (signed): they are saved whole, so this is their
    # version (no lost update, services.save_published).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def seal(shown: dict[str, str]) -> str:
        return signing.dumps(shown, salt=_SEEN_SALT)

    def seen_values(self) -> dict[str, str] | None:
        """The results the page showed (None: not sent, as by a script)."""
        try:
            shown = signing.loads(str(self.data.get("seen", "")), salt=_SEEN_SALT)
        except signing.BadSignature:
            return None
        return shown if isinstance(shown, dict) else None

    def rebase(self, stored: dict[str, str]) -> None:
        """Take the stored results as the ones seen: a field this person changed stays as
        typed, one they left takes the stored value."""
        seen = self.seen_values() or {}
        data = self.data.copy()  # type: ignore[attr-defined]
        for name in set(seen) | set(stored):
            if (seen.get(name, "") != stored.get(name, "")
                    and str(data.get(name, "")).strip() == seen.get(name, "")):
                data[name] = stored.get(name, "")
        data["seen"] = self.seal(stored)
        self.data = data

    def changes(self, stored: dict[str, str]) -> list[tuple[str, str, str]]:
        """Field by field what is stored now and differs from what the page showed."""
        seen = self.seen_values() or {}
        return [(str(self.fields[name].label), seen.get(name, ""), stored.get(name, ""))
                for name in self.fields
                if name != "seen" and seen.get(name, "") != stored.get(name, "")]

    def __init__(self, *args: Any, round: Any, shown: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and shown is not None:
            self.initial["seen"] = self.seal(shown)
        self.questions = list(round.template.questions.filter(kind="scale").order_by("order"))
        held = {p.question_id: p for p in round.published_shares.all()}
        if not self.is_bound:
            self.initial.update(answered=round.published_answers,
                                asked=round.invited_elsewhere or None)
        for q in self.questions:
            for band, label in BANDS:
                name = f"{q.code}__{band}"
                self.fields[name] = forms.DecimalField(
                    label=f"{q.code} {label}", required=False, min_value=0, max_value=100,
                    max_digits=4, decimal_places=1,
                    # Shown in a table under the question: the label is read out, not seen.
                    widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal",
                                                    "aria-label": f"{q.text}: {label}"}))
                if not self.is_bound and q.pk in held:
                    self.initial[name] = getattr(held[q.pk], band)

    def rows(self) -> list[tuple[Any, list[Any]]]:
        """Per question its four bound fields, for the template's table."""
        return [(q, [self[f"{q.code}__{band}"] for band, _l in BANDS]) for q in self.questions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answered, asked = data.get("answered"), data.get("asked")
        if answered is not None and asked is not None and answered > asked:
            self.add_error("answered", _("More answered than were asked."))
        for q in self.questions:
            values = {band: data.get(f"{q.code}__{band}") for band, _l in BANDS}
            bands = [v for b in ("negative", "neither", "positive")
                     if (v := values[b]) is not None]
            total = sum(bands, Decimal(0))
            if len(bands) == 3 and total > 101:
                self.add_error(f"{q.code}__positive", _(
                    "Question %(code)s: negative, neither and positive add up to %(sum)s %%, "
                    "more than 100 %%.") % {"code": q.code, "sum": total})
            clearly, positive = values["clearly_positive"], values["positive"]
            if clearly is not None and positive is not None and clearly > positive:
                self.add_error(f"{q.code}__clearly_positive", _(
                    "Question %(code)s: clearly positive is a part of positive and cannot be "
                    "more.") % {"code": q.code})
        return data

    def shares(self) -> dict[str, dict[str, Any]]:
        return {q.code: {band: self.cleaned_data.get(f"{q.code}__{band}")
                         for band, _l in BANDS} for q in self.questions}
