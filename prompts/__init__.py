"""Prompt templates as files, and the one loader that renders them.

Templates use ``str.format`` placeholders. Rendering fails loudly when a placeholder has no value
or a value names no placeholder, so a template and its caller cannot drift apart silently.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).parent


class PromptError(KeyError):
    """A template is missing, or its placeholders and the given values disagree."""

    def __str__(self) -> str:
        return str(self.args[0])


class PromptTemplate:
    """One template file and its placeholders."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.placeholders = frozenset(field for _, field, _, _ in string.Formatter().parse(text) if field)

    def render(self, **values: object) -> str:
        """Fill every placeholder; raise :class:`PromptError` on a missing or unknown one."""
        missing = self.placeholders - values.keys()
        unknown = values.keys() - self.placeholders
        if missing or unknown:
            raise PromptError(
                f"prompt {self.name!r}: missing values for {sorted(missing)}, unknown values {sorted(unknown)}"
            )
        return self.text.format(**values).strip()


@cache
def load_prompt(name: str) -> PromptTemplate:
    """Load ``prompts/<name>.txt``."""
    path = PROMPTS_DIR / f"{name}.txt"
    if not path.is_file():
        raise PromptError(f"no prompt template {name!r} in {PROMPTS_DIR}")
    return PromptTemplate(name, path.read_text(encoding="utf-8"))
