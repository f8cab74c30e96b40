"""The LLM copywriter: structured output from an OpenAI-compatible model, checked, repaired, or rewritten offline.

One call per request. The answer is held to the platform's limits (:mod:`agent.copywriting.limits`);
what can be fixed is fixed (:mod:`agent.copywriting.repair`), an item that still breaks a limit, repeats
an earlier line or loses the product is written by the offline writer instead, and the copy's notes say
which and why. An unreachable server or an unusable answer gives the offline copy, with a note.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, ValidationError

from agent.copywriting.context import CopyContext
from agent.copywriting.limits import CHECKED, HASHTAG_MAX_CHARS, CopyRules, problems, sentences
from agent.copywriting.models import CopyItem, CopyRequest, PostCopy
from agent.copywriting.offline import spare_hashtags, write_item, write_offline
from agent.copywriting.repair import repair
from agent.intents.schema import CopyKind
from agent.llm.client import make_client
from agent.llm.settings import LLMSettings
from prompts import load_prompt

if TYPE_CHECKING:
    from openai import AsyncOpenAI

log = logging.getLogger(__name__)
MAX_TOKENS_CAP = 8000
CHARS_PER_TOKEN = 3
"""Conservative: English runs nearer 4 characters a token; JSON quoting adds a little."""


class DraftItem(BaseModel):
    """One piece of copy as the model writes it."""

    title: str = Field(description="the title; an empty string when this kind of copy has no title")
    body: str = Field(description="the caption, description or post text, without hashtags")
    hashtags: list[str] = Field(description="#CamelCase hashtags, no spaces or punctuation")


class CopyDraft(BaseModel):
    """The model's answer: the items asked for, in order."""

    items: list[DraftItem]


class CopyLLMFailed(RuntimeError):
    """No usable answer: the server failed, refused, or the answer did not parse."""


_NAMES = {CopyKind.CAPTIONS: "caption", CopyKind.TITLE_DESCRIPTION: "title and description", CopyKind.POST: "post"}
_WHAT = {
    CopyKind.CAPTIONS: "captions",
    CopyKind.TITLE_DESCRIPTION: "title and description sets",
    CopyKind.POST: "posts",
}


def max_tokens_for(rules: CopyRules, count: int) -> int:
    """Room for ``count`` items at their longest, plus the JSON around them."""
    chars = (rules.title_max or 0) + rules.text_max + rules.hashtags_max * (HASHTAG_MAX_CHARS + 2)
    return min(MAX_TOKENS_CAP, 200 + count * (chars // CHARS_PER_TOKEN + 40))


def rules_text(rules: CopyRules) -> str:
    """The limits as the prompt states them."""
    lines = []
    if rules.title_max is not None:
        refused = f", no {' or '.join(rules.forbidden)}" if rules.forbidden else ""
        lines.append(f"- title: required, at most {rules.title_max} characters{refused}")
    else:
        lines.append("- title: none (an empty string)")
    lines += [
        f"- body: at most {rules.text_max:,} characters; with the hashtags at most {rules.body_max:,}",
        f"- the first sentence is the hook and fits in {rules.preview_chars} characters (what shows before 'more')",
        f"- at least {rules.paragraphs_min} paragraph(s), separated by a blank line",
        f"- hashtags: {rules.hashtags_min} to {rules.hashtags_max}",
    ]
    if rules.forbidden:
        lines.append(f"- the body never contains {' or '.join(rules.forbidden)}")
    return "\n".join(lines)


def style_text(rules: CopyRules) -> str:
    """What the kind of copy should read like on this platform."""
    if rules.kind is CopyKind.CAPTIONS:
        return (
            "short captions: a hook first, a line that names the product, then the key message or a call to "
            "action. Each caption opens differently and no sentence repeats across captions."
        )
    if rules.kind is CopyKind.TITLE_DESCRIPTION:
        return (
            "a title that names the product and its promise; a description that opens with the key message, "
            "says what the video shows, and ends with a call to action."
        )
    if rules.platform.startswith("linkedin"):
        return (
            "a professional post of 3 or 4 short paragraphs: a hook, why it matters to the audience, the key "
            "message, and a question or call to action. At most 3 hashtags."
        )
    return "a longer caption in 3 short paragraphs: the hook, the product and key message, a call to action."


def user_prompt(ctx: CopyContext, request: CopyRequest) -> str:
    """The request, the limits and the campaign, the brief and concept delimited as data."""
    rules = request.rules
    return load_prompt("copy_user").render(
        what=f"{request.count} {_WHAT[request.kind]}" if request.count > 1 else f"one {_NAMES[request.kind]}",
        platform=rules.label,
        checked=CHECKED,
        rules=rules_text(rules),
        style=style_text(rules),
        product=ctx.product_noun or "not named in the brief",
        brand=ctx.brand or "none given",
        audience=ctx.audience or "a broad social audience",
        mood=ctx.mood,
        visual_style=ctx.concept.style,
        seconds=f"{ctx.duration_s:g}",
        key_message=ctx.key_message,
        concept_json=ctx.concept.model_dump_json(include={"title", "logline", "mood", "style", "key_message"}),
        brief_text=ctx.brief.raw,
    )


def _short(exc: object, secret: str | None) -> str:
    """One line of an error, never carrying the key."""
    text = " ".join(str(exc).split())[:300]
    return text.replace(secret, "[key]") if secret else text


async def ask(client: AsyncOpenAI, model: str, ctx: CopyContext, request: CopyRequest) -> CopyDraft:
    """One structured answer; raises :class:`CopyLLMFailed` when there is none."""
    import openai

    try:
        completion = await client.chat.completions.parse(
            model=model,
            messages=[
                {"role": "system", "content": load_prompt("copy_system").render()},
                {"role": "user", "content": user_prompt(ctx, request)},
            ],
            response_format=CopyDraft,
            max_tokens=max_tokens_for(request.rules, request.count),
        )
    except (openai.OpenAIError, ValidationError, json.JSONDecodeError) as exc:
        raise CopyLLMFailed(f"{type(exc).__name__}: {exc}") from exc
    parsed = completion.choices[0].message.parsed
    if parsed is None or not parsed.items:
        raise CopyLLMFailed("the answer was empty or refused")
    return parsed


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def content_problems(item: CopyItem, ctx: CopyContext) -> list[str]:
    """The product named (in the text or a hashtag), and never as 'our product' when the brief named it."""
    found = []
    text = f"{item.title or ''} {item.text()}"
    names = [n for n in (ctx.bare_noun, ctx.brand, ctx.product_noun) if n]
    if names and not any(_squash(n) in _squash(text) for n in names):
        found.append(f"does not name {ctx.product}")
    if ctx.product_noun and "our product" in text.lower():
        found.append("says 'our product' where the brief names it")
    return found


def checked(ctx: CopyContext, request: CopyRequest, draft: CopyDraft, model: str) -> PostCopy:
    """The model's items held to the limits; repaired, or replaced by offline items, with notes saying which."""
    rules, noun = request.rules, _NAMES[request.kind]
    spare = spare_hashtags(ctx, rules)
    used: set[str] = set()
    items: list[CopyItem] = []
    notes: list[str] = []
    kept = 0
    if len(draft.items) > request.count:
        notes.append(f"The LLM wrote {len(draft.items)} items; the first {request.count} are kept.")
    for index in range(request.count):
        label = f"{noun.capitalize()} {index + 1}"
        if index >= len(draft.items):
            items.append(write_item(ctx, rules, index, used))
            notes.append(f"{label}: missing from the LLM's answer, written by the offline writer.")
            continue
        raw = draft.items[index]
        item, fixes = repair(CopyItem(title=raw.title or None, body=raw.body, hashtags=raw.hashtags), rules, spare)
        faults = problems(item, rules) + content_problems(item, ctx)
        lines = set(sentences(item.body)) if request.kind is CopyKind.CAPTIONS else {item.body}
        if lines & used:
            faults.append(
                "repeats a line of an earlier caption" if request.kind is CopyKind.CAPTIONS else "repeats an item"
            )
        if faults:
            items.append(write_item(ctx, rules, index, used))
            notes.append(f"{label}: rewritten by the offline writer ({'; '.join(faults)}).")
            continue
        used.update(lines)
        items.append(item)
        kept += 1
        if fixes:
            notes.append(f"{label}: {'; '.join(fixes)}.")
    return PostCopy(
        campaign_id=ctx.campaign_id,
        platform=request.platform,
        kind=request.kind,
        items=items,
        writer=f"llm:{model}" if kept else "offline",
        notes=notes,
    )


async def write_with_llm(ctx: CopyContext, request: CopyRequest, llm: LLMSettings) -> PostCopy:
    """The LLM's copy, checked; the offline copy with a note when the LLM gives nothing usable."""
    secret = llm.api_key.get_secret_value() if llm.api_key else None
    client = make_client(llm)
    try:
        draft = await ask(client, llm.model, ctx, request)
    except CopyLLMFailed as exc:
        reason = _short(exc, secret)
        log.warning("LLM copywriter failed: %s", reason)
        fallback = write_offline(ctx, request)
        return fallback.model_copy(
            update={"notes": [f"The LLM copywriter failed ({reason}); the offline writer wrote this copy."]}
        )
    finally:
        await client.close()
    return checked(ctx, request, draft, llm.model)
