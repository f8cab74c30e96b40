"""A brief waiting on the marketer's answer: its length or budget read two ways, so the chat asked."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from agent.briefs import parse_budget, parse_duration
from agent.conversation.messages import StartOptions
from agent.state import ReferenceImage

_LONE_NUMBER = re.compile(r"^\D{0,3}(\d+(?:[.,]\d+)?)\D{0,12}$")
"""An answer that is just the number ('30', '$40', '40 €', '30 s please')."""
SHORT = 6
"""An answer of fewer words that gives no value is asked again; a longer one is a new brief."""


class Asked(BaseModel):
    """The brief, its options and references, and the field asked about (``duration_s`` or ``budget_usd``)."""

    brief: str
    options: StartOptions
    field: str
    references: list[ReferenceImage] = Field(default_factory=list)

    def answered(self, text: str) -> StartOptions | None:
        """The options with the answer given explicitly, or None when ``text`` gives no value."""
        value = parse_duration(text) if self.field == "duration_s" else parse_budget(text)
        if value is None and (lone := _LONE_NUMBER.match(text.strip())):
            value = float(lone.group(1).replace(",", "."))
        return None if value is None else self.options.model_copy(update={self.field: value})

    def reminder(self) -> str:
        """What to say when the answer gave no value."""
        what = "length, e.g. “30 s”" if self.field == "duration_s" else "budget, e.g. “$40”"
        return f"I still need the {what}, to start the campaign. Or describe a new campaign."
