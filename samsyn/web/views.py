"""Views that belong to no förbund and need nothing of one."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the real one."""
    return HttpResponsePermanentRedirect(static("samsyn/favicon.svg"))
