"""Chainlit's own interface words, corrected for the studio: the footer and the progress step's status words.

Chainlit serves ``.chainlit/translations/<language>.json`` from the app folder on every page load. The
studio rewrites those files at start-up from Chainlit's originals with a few keys replaced: the footer
says which planner is in use (not "LLMs can make mistakes" when no LLM is), and a running step reads as
its own label ("Making keyframes") instead of "Using Making keyframes" / "Used Making keyframes".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import chainlit

CHAINLIT_TRANSLATIONS = Path(chainlit.__file__).parent / "translations"


def overrides(footer: str) -> dict[str, str]:
    """The replaced keys (dotted paths into a translation file)."""
    return {
        "chat.watermark": footer,
        "chat.messages.status.using": "",
        "chat.messages.status.used": "",
    }


def _set(tree: dict[str, Any], dotted: str, value: str) -> None:
    *parents, leaf = dotted.split(".")
    for key in parents:
        tree = tree.setdefault(key, {})
    tree[leaf] = value


def write(target: Path, footer: str, source: Path = CHAINLIT_TRANSLATIONS) -> list[Path]:
    """Write every language's translation file into ``target`` with the studio's words; returns the files."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for original in sorted(source.glob("*.json")):
        tree = json.loads(original.read_text(encoding="utf-8"))
        for key, value in overrides(footer).items():
            _set(tree, key, value)
        path = target / original.name
        partial = path.with_suffix(".json.partial")
        partial.write_text(json.dumps(tree, ensure_ascii=False, indent=2), encoding="utf-8")
        partial.replace(path)
        written.append(path)
    return written
