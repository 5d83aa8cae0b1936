from typing import Any

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "stable, for programs"},
        "message": {"type": "string", "description": "in Swedish, for people"},
        "fields": {"type": "object", "additionalProperties": True},
        # A conflict (409): the row's version now, whether it was removed, and the fields
        # changed since the version sent, each with who changed it ("" when not known).
        "version": {"type": "integer", "nullable": True},
        "removed": {"type": "boolean"},
        "changed": {"type": "array", "items": {
            "type": "object", "properties": {"field": {"type": "string"},
                                             "by": {"type": "string"}}}},
    },
    "required": ["code", "message"],
}
ERRORS = {
    "400": "The request has faults (code invalid)",
    "401": "No valid key or session (not_authenticated, authentication_failed)",
    "403": "The role does not allow it (permission_denied)",
    "404": "Not found, or not the caller's förbund (not_found)",
    "429": "Too many requests (throttled)",
}


class SamsynAutoSchema(AutoSchema):
    """Every operation documents the errors every operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            responses.setdefault(code, {
                "description": description,
                "content": {"application/json": {"schema": ERROR}},
            })
        return responses
