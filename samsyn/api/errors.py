"""Errors as JSON with a stable code and a Swedish message."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

MESSAGES = {
    "not_authenticated": lambda: _("Log in, or give an API key."),
    "authentication_failed": lambda: _("The API key is not valid."),
    "permission_denied": lambda: _("Your role does not allow this."),
    "not_found": lambda: _("Not found."),
    "throttled": lambda: _("Too many requests; wait a moment."),
    "method_not_allowed": lambda: _("This address does not take that method."),
    "invalid": lambda: _("The request has faults."),
    "parse_error": lambda: _("The request could not be read."),
}


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if not isinstance(code, str):
        code = "invalid"
    body: dict[str, Any] = {"code": code, "message": MESSAGES.get(code, lambda: str(exc))()}
    if code == "invalid" and isinstance(exc, exceptions.ValidationError):
        body["fields"] = _encodable(exc.detail)
    body.update(getattr(exc, "extra", {}))  # a conflict's version and changed fields
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        body["code"] = "throttled"
    response.data = body
    return response


def _encodable(detail: Any) -> Any:
    """A field's message may repeat the value sent ("x" is not a valid choice): half of a
    UTF-16 pair (JSON's \\ud800 escape) has no UTF-8, and the renderer would fail on it."""
    if isinstance(detail, dict):
        return {_encodable(k): _encodable(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_encodable(v) for v in detail]
    if isinstance(detail, str):
        text = detail.encode("utf-8", "backslashreplace").decode("utf-8")
        return exceptions.ErrorDetail(text, getattr(detail, "code", None)) \
            if isinstance(detail, exceptions.ErrorDetail) else text
    return detail


def page_not_found(request: Any, exception: Exception | None = None) -> Any:
    """A 404 from outside the API's views: JSON under /api/, the usual page elsewhere."""

    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
