"""The LLM reads the brief; the rule parser is its fallback and its cross-check.

The LLM reads what rules miss (a product named in another language, a mood in the brief's own words).
What it writes is held to the text: a product or brand the brief does not contain is replaced by the
rules' reading. The numbers that decide money and length are checked both ways: where the rules and the
LLM read a different length or budget, the marketer is asked (:class:`agent.briefs.BriefQuestion`),
never a guess made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from agent.briefs import BriefQuestion, parse_budget, parse_duration, parse_platforms
from agent.domain import MAX_DURATION_S, MIN_DURATION_S, Brief, PlanOutcome
from agent.languages import LANGUAGES
from agent.llm.asking import Answer, Asker, Request, Review
from agent.llm.schemas import Mood, strict
from agent.progress import ProgressHandler
from prompts import load_prompt
from tools.platforms import PLATFORMS

_LEADING = re.compile(
    r"^(?:(?:our|my|the|a|an|their|your|new|notre|nos|nuestro|nuestra|unser|unseren|il nostro)\s+)+", re.I
)
"""Determiners before a product name ('our new oat-milk latte' → 'oat-milk latte'); the copy adds its own."""
HINTS = {
    "duration_s": re.compile(
        r"\b(?:sec\w*|seg\w*|sek\w*|min\w*|second\w*|stunde\w*|hour\w*|heure\w*|long|longue|lang|largo|lungo)\b",
        re.IGNORECASE,
    ),
    "budget_usd": re.compile(
        r"[$€£¥]|\b(?:budget\w*|presupuesto|orçamento|usd|eur|euros?|dollars?|dólares|pounds?|spend|cost\w*)\b",
        re.IGNORECASE,
    ),
}
"""Words that show a brief speaks of a length (or money) at all; without them an LLM's figure is invented."""
PRODUCT_WORDS = 6
"""A product is named in a few words ('oat-milk latte', 'Lumen solar camping lantern')."""
BRIEF_TOKENS = 400
"""A dozen short fields."""
Fixed = frozenset[str]
"""The fields the caller gave explicitly (``platforms``, ``duration_s``, ``budget_usd``): never re-read."""


class BriefDraft(BaseModel):
    """What the LLM reads out of a brief."""

    product: str
    brand: str
    audience: str
    mood: Mood
    mood_words: list[str] = Field(max_length=6)
    platforms: list[str] = Field(max_length=8)
    duration_s: float | None
    budget: float | None
    language: str
    setting: str
    light: str
    time_of_day: str


def brief_schema() -> dict[str, Any]:
    """The brief schema: platforms and languages as enums of the ones the studio knows."""
    schema: dict[str, Any] = strict(BriefDraft.model_json_schema())
    properties = schema["properties"]
    properties["platforms"]["items"] = {"type": "string", "enum": sorted(PLATFORMS)}
    properties["language"] = {"type": "string", "enum": list(LANGUAGES)}
    return schema


def _in_text(phrase: str, text: str) -> bool:
    """Whether every longer word of ``phrase`` is in ``text`` (ignoring case)."""
    words = [w for w in phrase.lower().split() if len(w) > 2]
    return bool(words) and all(w in text.lower() for w in words)


def _whole_brief(phrase: str, text: str) -> bool:
    """Whether a 'product' is the brief itself, or most of it (a small model copies the whole text)."""
    words = phrase.split()
    return len(words) > PRODUCT_WORDS or len(words) > 0.6 * len(text.split())


def _review(draft: BriefDraft, text: str) -> Review[BriefDraft]:
    """A product or brand that is not in the brief goes back once; unknown platforms are dropped."""
    problems = []
    if draft.product and draft.product.lower() != "our product" and not _in_text(draft.product, text):
        problems.append(f"the product '{draft.product}' is not in the brief: name it with the brief's own words")
    elif _whole_brief(draft.product, text):
        problems.append(
            f"the product '{draft.product}' is the brief, not the thing it advertises: name just that, "
            f"in at most {PRODUCT_WORDS} words"
        )
    if draft.brand and not _in_text(draft.brand, text):
        problems.append(f"the brand '{draft.brand}' is not in the brief: give the brief's brand, or \"\"")
    known = [p for p in draft.platforms if p in PLATFORMS]
    repairs = (
        [f"dropped unknown platform(s) {sorted(set(draft.platforms) - set(known))}"] if known != draft.platforms else []
    )
    return Review(draft.model_copy(update={"platforms": known}), repairs, problems)


def _number_question(
    field: str, rules: float | None, llm: float | None, text: str, say: Callable[[float], str]
) -> float | None:
    """The value both readings agree on (or the only one, if the text shows it); raise a question otherwise.

    An LLM figure no campaign could have (a 2,000 s cut, a negative budget) is not a reading at all.
    """
    low, high = (MIN_DURATION_S, MAX_DURATION_S) if field == "duration_s" else (0.0, math.inf)
    if llm is not None and not (math.isfinite(llm) and low <= llm <= high):
        llm = None
    if llm is None or (rules is not None and abs(rules - llm) <= 0.01 * max(abs(rules), 1.0)):
        return rules
    what = "length" if field == "duration_s" else "budget"
    flag = "--duration" if field == "duration_s" else "--budget"
    if rules is None:
        if f"{llm:g}" in text:
            return llm
        if not HINTS[field].search(text):  # the brief names no length (or money) at all: the LLM made it up
            return None
        raise BriefQuestion(
            field,
            [llm],
            f"I read a {what} of {say(llm)} in the brief, but could not find it in its words. "
            f"Is it {say(llm)}? Reply with the {what} (e.g. “{say(llm)}”), or give it with {flag}.",
        )
    raise BriefQuestion(
        field,
        [rules, llm],
        f"The brief's {what} reads two ways: {say(rules)} or {say(llm)}. Which is it? "
        f"Reply with the {what} (e.g. “{say(rules)}”), or give it with {flag}.",
    )


def merge(draft: BriefDraft, rules: Brief, fixed: Fixed) -> tuple[Brief, list[str]]:
    """The rules' brief updated with what the LLM read, checked against the text; with what the rules kept."""
    text, kept = rules.raw, []
    named = draft.product.strip()
    product = (named if named.lower() == "our product" else _LEADING.sub("", named)) or rules.product
    if product.lower() != "our product" and not _in_text(product, text):
        kept.append(f"product: the rules' '{rules.product}' (the LLM's '{product}' is not in the brief)")
        product = rules.product
    elif _whole_brief(product, text):
        kept.append(f"product: the rules' '{rules.product}' (the LLM gave the whole brief)")
        product = rules.product
    brand = draft.brand.strip() if draft.brand.strip() and _in_text(draft.brand, text) else rules.brand
    tone: str = draft.mood
    mood_words = [w for w in draft.mood_words if w.lower() in text.lower()] or rules.mood_words
    if rules.mood_words and rules.tone != "inspiring" and tone != rules.tone:
        kept.append(f"mood: the rules' {rules.tone} (from '{', '.join(rules.mood_words)}'; the LLM read {tone})")
        tone, mood_words = rules.tone, rules.mood_words
    platforms = rules.platforms
    if "platforms" not in fixed and not parse_platforms(text) and draft.platforms:
        platforms = list(dict.fromkeys(draft.platforms))
    duration, budget = rules.duration_s, rules.budget_usd
    if "duration_s" not in fixed:
        read = _number_question("duration_s", parse_duration(text), draft.duration_s, text, lambda v: f"{v:g} s")
        duration = rules.duration_s if read is None else read
    if "budget_usd" not in fixed:
        budget = _number_question("budget_usd", parse_budget(text), draft.budget, text, lambda v: f"{v:g}")
    brief = rules.model_copy(
        update={
            "product": product,
            "brand": brand,
            "audience": draft.audience.strip() or rules.audience,
            "tone": tone,
            "mood_words": mood_words,
            "platforms": platforms,
            "duration_s": duration,
            "budget_usd": budget,
            "setting": draft.setting.strip() or rules.setting,
            "light": draft.light.strip() or rules.light,
            "time_of_day": draft.time_of_day.strip() or rules.time_of_day,
        }
    )
    return Brief.model_validate(brief.model_dump()), kept


async def read_brief(
    asker: Asker, system: str, rules: Brief, fixed: Fixed, on_progress: ProgressHandler | None = None
) -> Brief:
    """The brief as the LLM reads it, cross-checked by the rules (raises :class:`LLMUnavailable` or a question)."""
    request = Request(
        part="brief",
        name="brief",
        schema=brief_schema(),
        max_tokens=BRIEF_TOKENS,
        system=system,
        user=load_prompt("planner_brief").render(brief_text=rules.raw),
    )
    answer: Answer[BriefDraft] = await asker.ask(request, BriefDraft, lambda d: _review(d, rules.raw), on_progress)
    brief, kept = merge(answer.review.value, rules, fixed)
    run = answer.run
    if kept:
        run = run.model_copy(
            update={"outcome": PlanOutcome.PARTIAL, "repairs": [*run.repairs, *(f"kept {k}" for k in kept)]}
        )
    return brief.model_copy(update={"run": run})
