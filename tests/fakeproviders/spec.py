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
