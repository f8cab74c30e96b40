"""Requests checked against the provider's own OpenAPI spec (``../shared/reference/specs``), as the real API would.

A fake that only checks "a prompt is present" lets through a request the real server rejects; this
validates the whole JSON body against the operation's request schema, with every ``$ref`` resolved in
the spec itself.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.fakeproviders.checks import Problem, closed, problems

SPECS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "specs"


@cache
def _spec(name: str) -> tuple[dict[str, Any], Registry]:
    document = json.loads((SPECS / name).read_text())
    return document, Registry().with_resource(
        "spec", Resource.from_contents(document, default_specification=DRAFT202012)
    )


def request_problems(spec: str, path: str, body: Any, method: str = "post") -> list[str]:
    """Every way ``body`` breaks the spec's JSON request schema for ``method path`` ('' when none)."""
    document, registry = _spec(spec)
    operation = document["paths"][path][method]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({"$ref": f"spec#{schema['$ref'][1:]}"}, registry=registry)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or 'body'}: {error.message[:300]}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]


def operation_problems(
    spec: str,
    path: str,
    method: str = "post",
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    path_params: dict[str, str] | None = None,
    content: str = "application/json",
) -> list[Problem]:
    """Every problem with a request to ``method path``: its path and query parameters and its body.

    The operation's schemas are closed (see :func:`~tests.fakeproviders.checks.closed`). Parameters arrive
    as text and are read as the type their schema names first, as the server would. An unknown query
    parameter counts as a problem although most servers ignore it: a misspelt one silently means the default.
    """
    document, _ = _spec(spec)
    operation = document["paths"][path][method]
    found: list[Problem] = []
    for where, values in (("path", path_params or {}), ("query", query or {})):
        params = [p for p in operation.get("parameters", []) if p["in"] == where]
        schema = {
            "type": "object",
            "additionalProperties": False,
            "required": [p["name"] for p in params if p.get("required")],
            "properties": {p["name"]: closed(p["schema"], document) for p in params},
        }
        found += problems(schema, typed(schema, values), where)
    if "requestBody" in operation:
        schema = closed(operation["requestBody"]["content"][content]["schema"], document)
        form = content == "multipart/form-data" and isinstance(body, dict)
        found += problems(schema, typed(schema, body) if form else body)
    return found


def typed(schema: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Text values (query parameters, form fields) read as the scalar type their property schema names."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        prop = schema.get("properties", {}).get(name, {})
        kinds = [prop.get("type"), *(b.get("type") for b in prop.get("anyOf", []) if isinstance(b, dict))]
        out[name] = _scalar(value, kinds) if isinstance(value, str) else value
    return out


def _scalar(value: str, kinds: list[Any]) -> Any:
    if "integer" in kinds and value.lstrip("-").isdigit():
        return int(value)
    if "number" in kinds:
        try:
            return float(value)
        except ValueError:
            return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


@cache
def _fal_endpoints() -> dict[str, Any]:
    endpoints: dict[str, Any] = json.loads((SPECS / "fal-endpoints.schema.json").read_text())["endpoints"]
    return endpoints


def fal_known(endpoint_id: str) -> bool:
    """Whether fal published ``endpoint_id`` (an id missing from its types is treated as retired)."""
    return endpoint_id in _fal_endpoints()


def fal_problems(endpoint_id: str, body: Any) -> list[dict[str, Any]]:
    """fal's 422 ``detail`` items for ``body``: schema errors, plus field names the endpoint does not have.

    fal's schemas are open objects, so a misspelt optional field passes the schema alone; the names are
    compared with ``properties`` too, as the spec's README advises.
    """
    schema = _fal_endpoints()[endpoint_id]["input"]
    problems = [
        {
            "loc": ["body", *error.absolute_path],
            "msg": error.message[:300],
            "type": error.validator if isinstance(error.validator, str) else "invalid",
        }
        for error in Draft202012Validator(schema).iter_errors(body)
    ]
    known = set(schema.get("properties", {}))
    if isinstance(body, dict) and known:
        problems += [
            {"loc": ["body", name], "msg": "no such field for this endpoint", "type": "extra_forbidden"}
            for name in sorted(set(body) - known)
        ]
    return problems
