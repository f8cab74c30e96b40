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
