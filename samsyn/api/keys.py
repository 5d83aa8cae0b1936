"""Personal API keys, made and revoked by their owner; and a brake on guessing passwords."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.api.models import ApiToken

KEYS_PER_HOUR = 20
LOGIN_ATTEMPTS = 10
LOGIN_WINDOW = 15 * 60


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("what the key is for"), max_length=100)


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
    if request.method == "POST" and form.is_valid():
        if _limited(f"api-keys:{request.user.pk}", KEYS_PER_HOUR, 3600):
            return render(request, "api/too_many.html", status=429)
        _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = KeyForm()
    keys = ApiToken.objects.filter(user__username=request.user.get_username())
    return render(request, "api/keys.html", {"form": form, "keys": keys, "new_key": new_key})


@login_required
def key_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, user__username=request.user.get_username(), pk=token_id,
                              revoked__isnull=True)
    if request.method == "POST":
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        messages.success(request, _("The key %(name)s is revoked.") % {"name": token.name})
        return redirect("api_keys")
    return render(request, "confirm_delete.html",
                  {"object": token, "cancel_url": reverse("api_keys")})


def login_brake(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """At most LOGIN_ATTEMPTS failed logins per address and user name in LOGIN_WINDOW."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            who = request.POST.get("username", "").strip().lower()[:150]
            key = f"login:{request.META.get('REMOTE_ADDR', '')}:{who}"
            if (cache.get(key) or 0) >= LOGIN_ATTEMPTS:
                return render(request, "api/too_many.html", status=429)
            response = view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                _limited(key, LOGIN_ATTEMPTS, LOGIN_WINDOW)
            return response
        return view(request, *args, **kwargs)

    return wrapper
