from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samsyn.accounts.models import SingleSignOn


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code"), max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "text"}),
                            help_text=_("Six digits from the app, or one of your recovery "
                                        "codes."))

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).replace(" ", "").strip()


class SingleSignOnForm(forms.ModelForm):
    class Meta:
        model = SingleSignOn
        fields = ["required"]


class NewAccountForm(forms.Form):
    """The invitee's own account: a user name and a password they choose."""

    username = forms.CharField(label=_("user name"), max_length=150)
    password1 = forms.CharField(label=_("password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("the password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete":
                                                                  "new-password"}))

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        field = get_user_model()._meta.get_field("username")
        try:
            field.run_validators(username)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        # Only the holder of a valid invitation link gets this far.
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken; choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first and "username" in data:
            candidate = get_user_model()(username=data["username"], email=self.email)
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
