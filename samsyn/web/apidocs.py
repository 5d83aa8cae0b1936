"""The API's documentation as an ordinary page of the site, made from the OpenAPI schema.

The stock Swagger UI page fails axe and needs inline script (which the Content-Security-Policy
refuses); this page is server-rendered from the same schema drf-spectacular serves at
/api/schema/, so it cannot drift from it.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_schema_name(schema.get('items', {}))}]"
    return str(schema.get("type", ""))


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            responses = []
            for code, response in op.get("responses", {}).items():
                body = response.get("content", {}).get("application/json", {}).get("schema", {})
                responses.append({"code": code, "description": response.get("description", ""),
                                  "schema": _schema_name(body) if body else ""})
            found.append({
                "id": op.get("operationId", f"{method}-{path}"),
                "method": method.upper(), "path": path,
                "description": op.get("description", ""),
                "parameters": [{"name": p["name"], "in": p["in"],
                                "required": p.get("required", False),
                                "type": _schema_name(p.get("schema", {})),
                                "description": p.get("description", "")}
                               for p in op.get("parameters", [])],
                "responses": responses,
            })
    return found


def models(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for name, body in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(body.get("required", []))
        found.append({"name": name, "description": body.get("description", ""),
                      "enum": body.get("enum", []),
                      "fields": [{"name": field, "type": _schema_name(spec),
                                  "required": field in required,
                                  "description": spec.get("description", "")}
                                 for field, spec in body.get("properties", {}).items()]})
    return found


def api_docs(request: HttpRequest) -> HttpResponse:
    from drf_spectacular.generators import SchemaGenerator  # noqa: PLC0415 - start-up cost: the schema generator only on this page

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "web/api_docs.html", {
        "info": schema.get("info", {}), "operations": operations(schema),
        "models": models(schema),
    })
