"""The offline copywriter: deterministic copy from the concept, varied by index, held to the platform's limits.

Each item is assembled line by line from phrasings (:mod:`agent.copywriting.vocabulary`) rotated by the
item's index and a seed from the brief, so three captions open three different ways; a line used by one
caption is never used by another, and every candidate is checked against the platform before it is kept.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence

from agent.copywriting.context import CopyContext
from agent.copywriting.limits import CopyRules, problems, sentences, to_hashtag
from agent.copywriting.models import CopyItem, CopyRequest, PostCopy
from agent.copywriting.repair import cut_title
from agent.copywriting.vocabulary import (
    CAPTION_HOOKS,
    CTAS,
    DESCRIPTION_CLOSES,
    DESCRIPTION_MIDDLES,
    DESCRIPTION_OPENINGS,
    LINKEDIN_CLOSES,
    LINKEDIN_CONTEXT,
    LINKEDIN_FILM,
    LINKEDIN_HOOKS,
    PRODUCT_LINES,
    PROMISES,
    TITLES,
    VOICES,
    Voice,
)
from agent.intents.schema import CopyKind
from agent.planner.concept import title_case

Slots = dict[str, str | None]


def _cap(text: str | None) -> str | None:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def voice(ctx: CopyContext) -> Voice:
    """The concept mood's voice (an unknown mood speaks like 'inspiring')."""
    return VOICES.get(ctx.mood, VOICES["inspiring"])


def slots(ctx: CopyContext, shift: int = 0) -> Slots:
    """Values for every placeholder; ``None`` where the campaign has no such fact."""
    v = voice(ctx)
    moments = [v.moments[(shift + k) % len(v.moments)] for k in range(len(v.moments))]
    return {
        "product": ctx.product,
        "Product": ctx.product_subject,
        "noun": ctx.product_noun,
        "ProductTitle": title_case(ctx.product_noun) if ctx.product_noun else None,
        "audience": ctx.audience,
        "Audience": _cap(ctx.audience),
        "people": ctx.audience or "people",
        "moment": moments[0],
        "Moment": _cap(moments[0]),
        "moment2": moments[1],
        "feeling": v.feeling,
        "Feeling": _cap(v.feeling),
        "promise": v.promise,
        "scene": v.scene,
        "tagline": _lower_first(ctx.tagline),
        "Tagline": _cap(ctx.tagline),
        "key_message": ctx.key_message,
        "seconds": f"{ctx.duration_s:g}",
        "mood": ctx.mood,
        "a_mood": f"{'an' if ctx.mood[:1].lower() in 'aeiou' else 'a'} {ctx.mood}",
        "style": ctx.concept.style,
    }


def render(template: str, values: Slots) -> str | None:
    """The template filled in, or ``None`` when it needs a fact the campaign lacks."""
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    if any(values.get(f) is None for f in fields):
        return None
    return template.format(**{f: values[f] for f in fields})


def variants(ctx: CopyContext, templates: Sequence[str], first: int = 0) -> list[str]:
    """Every template rendered with each moment in turn, moment ``first`` first (then the others)."""
    seen: dict[str, None] = {}
    for shift in range(first, first + 3):
        values = slots(ctx, shift)
        for template in templates:
            text = render(template, values)
            if text is not None:
                seen.setdefault(text, None)
    return list(seen)


def rotated(items: Sequence[str], start: int) -> Iterator[str]:
    """The items starting at ``start`` (mod length), wrapping round."""
    for k in range(len(items)):
        yield items[(start + k) % len(items)]


def hashtags(ctx: CopyContext, rules: CopyRules, index: int) -> list[str]:
    """Product (and brand) first, then audience and mood words rotated by index, the platform tag last."""
    v = voice(ctx)
    anchors = [to_hashtag(ctx.bare_noun, tail=True) if ctx.bare_noun else None, to_hashtag(ctx.brand or "")]
    words = [to_hashtag(ctx.audience or "", max_words=2), *("#" + t for t in v.tags), to_hashtag(ctx.concept.style)]
    platform = f"#{rules.platform_tag}" if rules.platform_tag else None
    chosen: list[str] = []
    for tag in [t for t in anchors if t]:
        if tag.lower() not in {c.lower() for c in chosen}:
            chosen.append(tag)
    spread = rules.hashtags_max - rules.hashtags_min + 1
    wanted = rules.hashtags_min + index % spread if rules.kind is CopyKind.CAPTIONS else min(rules.hashtags_max, 3)
    wanted = max(wanted, rules.hashtags_min)
    pool = [t for t in words if t and t.lower() not in {c.lower() for c in chosen}]
    room = wanted - len(chosen) - (1 if platform else 0)
    chosen += list(rotated(pool, index))[: max(0, room)] if pool else []
    if platform and platform.lower() not in {c.lower() for c in chosen}:
        chosen.append(platform)
    return chosen[: rules.hashtags_max]


def spare_hashtags(ctx: CopyContext, rules: CopyRules) -> list[str]:
    """Tags to top up an item that came with too few."""
    return hashtags(ctx, rules.model_copy(update={"hashtags_min": rules.hashtags_max}), 0)


def _fits(item: CopyItem, rules: CopyRules, used: set[str]) -> bool:
    return not problems(item, rules) and not (set(sentences(item.body)) & used)


def caption(ctx: CopyContext, rules: CopyRules, index: int, used: set[str]) -> CopyItem:
    """One caption: a hook, a line naming the product, and a promise or call to action."""
    tags = hashtags(ctx, rules, index)
    hooks = variants(ctx, CAPTION_HOOKS, first=index)
    lines = variants(ctx, PRODUCT_LINES, first=index + 1)
    promises = variants(ctx, PROMISES)
    closes = promises + list(CTAS.get(rules.platform, CTAS["tiktok"]))
    tagline = ctx.tagline.lower()
    for hook in rotated(hooks, ctx.seed + index):
        for line in rotated(lines, ctx.seed // 7 + 3 * index):
            if ctx.audience and ctx.audience in hook and ctx.audience in line:
                continue
            start = f"{hook} {line}"
            promised = tagline in start.lower()
            ends = [c for c in rotated(closes, ctx.seed // 11 + index) if not (promised and c in promises)]
            for body in [f"{start} {c}" for c in ends] + [start]:
                item = CopyItem(body=body, hashtags=tags)
                if _fits(item, rules, used):
                    used.update(sentences(body))
                    return item
    return CopyItem(body=f"Meet {ctx.product}.", hashtags=tags)


def title_description(ctx: CopyContext, rules: CopyRules, index: int, used: set[str]) -> CopyItem:
    """A title under the limit and a description: the key message first, the film, a call to action."""
    assert rules.title_max is not None
    tags = hashtags(ctx, rules, index)
    titles = [t for t in variants(ctx, TITLES) if t not in used] or variants(ctx, TITLES)
    closes = DESCRIPTION_CLOSES.get(rules.platform, DESCRIPTION_CLOSES["youtube"])
    middle = variants(ctx, DESCRIPTION_MIDDLES)
    title = cut_title(next(rotated(titles, ctx.seed + index)), rules.title_max)
    for opening in rotated(variants(ctx, DESCRIPTION_OPENINGS), ctx.seed + index):
        body = "\n\n".join(
            [opening, next(rotated(middle, ctx.seed // 5 + index)), next(rotated(closes, ctx.seed // 3 + index))]
        )
        item = CopyItem(title=title, body=body, hashtags=tags)
        if not problems(item, rules):
            used.add(title)
            return item
    return CopyItem(title=title, body=f"Meet {ctx.product}.\n\n{ctx.key_message}", hashtags=tags)


def _post_paragraphs(ctx: CopyContext, rules: CopyRules, index: int, shift: int) -> list[str]:
    def pick(templates: Sequence[str], k: int) -> str:
        return next(rotated(variants(ctx, templates), ctx.seed + index + shift * (k + 1)))

    if rules.platform.startswith("linkedin"):
        return [pick(p, k) for k, p in enumerate((LINKEDIN_HOOKS, LINKEDIN_CONTEXT, LINKEDIN_FILM, LINKEDIN_CLOSES))]
    line = pick(PRODUCT_LINES, 1)
    promise = "" if ctx.tagline.lower() in line.lower() else f" {ctx.key_message}"
    return [pick(CAPTION_HOOKS, 0), line + promise, pick(CTAS.get(rules.platform, CTAS["tiktok"]), 2)]


def post(ctx: CopyContext, rules: CopyRules, index: int, used: set[str]) -> CopyItem:
    """A few-paragraph post: professional on LinkedIn, a longer caption elsewhere; each opens differently."""
    tags = hashtags(ctx, rules, index)
    fitting: list[CopyItem] = []
    for shift in range(len(CAPTION_HOOKS)):
        paragraphs = _post_paragraphs(ctx, rules, index, shift)
        item = CopyItem(body="\n\n".join(paragraphs), hashtags=tags)
        if problems(item, rules):
            continue
        if paragraphs[0] not in used:
            used.add(paragraphs[0])
            return item
        fitting.append(item)
    if fitting:
        return fitting[0]
    return CopyItem(body=f"Meet {ctx.product}.\n\n{ctx.key_message}\n\nTell us what you think.", hashtags=tags)


WRITERS = {CopyKind.CAPTIONS: caption, CopyKind.TITLE_DESCRIPTION: title_description, CopyKind.POST: post}


def write_item(ctx: CopyContext, rules: CopyRules, index: int, used: set[str]) -> CopyItem:
    """Item ``index`` (0-based) of a request, skipping the lines in ``used`` (and adding its own)."""
    return WRITERS[rules.kind](ctx, rules, index, used)


def write_offline(ctx: CopyContext, request: CopyRequest) -> PostCopy:
    """All items of a request, offline."""
    rules = request.rules
    used: set[str] = set()
    items = [write_item(ctx, rules, i, used) for i in range(request.count)]
    return PostCopy(
        campaign_id=ctx.campaign_id, platform=request.platform, kind=request.kind, items=items, writer="offline"
    )
