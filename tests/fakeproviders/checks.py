"""Checking a request part against a JSON Schema, as the provider's own validator would.

Every problem comes back as one FastAPI-style item, ``{"loc": [where, ...], "msg", "type"}``; each fake
turns the items into its provider's error shape. A field the schema does not name is a problem too
(``extra_forbidden``): with closed schemas that is ``additionalProperties: false``, and :func:`closed`
closes the open objects of a published OpenAPI schema (a misspelt optional field would pass it).
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

Problem = dict[str, Any]


def problems(schema: dict[str, Any], instance: Any, where: str = "body") -> list[Problem]:
    """Every way ``instance`` breaks ``schema``, located under ``where`` (``body``, ``query``, ``path``)."""
    found: dict[tuple[str, ...], Problem] = {}
    for error in Draft202012Validator(schema).iter_errors(instance):
        for item in _items(error, where):
            found.setdefault((*map(str, item["loc"]), item["type"]), item)
    return [found[key] for key in sorted(found)]


def _items(error: ValidationError, where: str) -> list[Problem]:
    loc: list[Any] = [where, *error.absolute_path]
    if error.validator in ("anyOf", "oneOf") and (branch := _only_branch(error)):
        return [item for sub in branch for item in _items(sub, where)]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        return [
            {"loc": [*loc, name], "msg": "no such field", "type": "extra_forbidden"}
            for name in sorted(set(error.instance) - known)
        ]
    if error.validator == "required" and isinstance(error.instance, dict):
        return [
            {"loc": [*loc, name], "msg": "field required", "type": "missing"}
            for name in error.validator_value
            if name not in error.instance
        ]
    return [{"loc": loc, "msg": error.message[:300], "type": str(error.validator)}]


def _only_branch(error: ValidationError) -> list[ValidationError]:
    """The errors of the one ``anyOf`` branch whose type fits (an object given where object-or-null is asked)."""
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator in ("type", "const", "enum") and not e.relative_path for e in errors)
    ]
    return fitting[0] if len(fitting) == 1 else []


def closed(schema: Any, document: dict[str, Any], depth: int = 0) -> Any:
    """``schema`` with every local ``$ref`` inlined and every object that lists ``properties`` closed."""
    if depth > 30:
        raise ValueError("schema nests too deeply (a recursive $ref?)")
    if isinstance(schema, list):
        return [closed(item, document, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return closed(copy.deepcopy(target), document, depth + 1)
    out = {key: closed(value, document, depth + 1) for key, value in schema.items()}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def loc_text(item: Problem) -> str:
    """``input.aspect_ratio`` for ``["body", "input", "aspect_ratio"]``."""
    return ".".join(str(part) for part in item["loc"][1:]) or str(item["loc"][0])
