"""Personal API keys, made and revoked by their owner, each with an end date.

Here with sign-in rather than in samsyn.api: a key is a credential, made only after the
second factor (samsyn.accounts.second_factor), and the API stands below sign-in.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.accounts.second_factor import given, missing
from samsyn.api.models import ApiToken
from samsyn.audit.services import security_event

KEYS_PER_HOUR = 20
MAX_KEY_DAYS = 365


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("what the key is for"), max_length=100)
    days = forms.IntegerField(label=gettext_lazy("valid for (days)"), min_value=1,
                              max_value=MAX_KEY_DAYS, required=False,
                              help_text=gettext_lazy("At most a year; empty: the default."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["days"].widget.attrs["placeholder"] = str(settings.SAMSYN_API_KEY_DAYS)


def _limited(key: str, limit: int, window: int) -> bool:
    """Count one more attempt under key; True when the limit is passed."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


@login_required
def key_list(request: HttpRequest) -> HttpResponse:
    form = KeyForm(request.POST or None)
    new_key = None
    if missing(request.user, session=request.session):
        # The middleware sends such a person to the second factor first; this page holds the
        # rule itself too, since a key outlives the session that made it.
        return render(request, "accounts/keys_second_factor_first.html", status=403)
    if request.method == "POST" and form.is_valid():
        if _limited(f"api-keys:{request.user.pk}", KEYS_PER_HOUR, 3600):
            return render(request, "accounts/keys_too_many.html", status=429)
        token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"],
                                        form.cleaned_data["days"],
                                        second_factor=given(request.user, request.session))
        security_event("api_key_created", user=request.user, request=request,
                       detail={"key": token.prefix, "expires": token.expires.isoformat()
                               if token.expires else None})
        form = KeyForm()
    keys = ApiToken.objects.filter(user__username=request.user.get_username())
    return render(request, "accounts/keys.html", {"form": form, "keys": keys, "new_key": new_key})


@login_required
def key_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, user__username=request.user.get_username(), pk=token_id,
                              revoked__isnull=True)
    if request.method == "POST":
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        security_event("api_key_revoked", user=request.user, request=request,
                       detail={"key": token.prefix})
        messages.success(request, _("The key %(name)s is revoked.") % {"name": token.name})
        return redirect("api_keys")
    return render(request, "confirm_delete.html",
                  {"object": token, "cancel_url": reverse("api_keys")})
