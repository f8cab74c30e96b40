"""Per-platform text limits (``limits.json``, with a source per figure) and the checks copy must pass."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from agent.intents.schema import CopyKind

if TYPE_CHECKING:
    from agent.copywriting.models import CopyItem

LIMITS_PATH = Path(__file__).with_name("limits.json")
HASHTAG = re.compile(r"^#[A-Z][A-Za-z0-9]*$")
HASHTAG_MAX_CHARS = 30
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_STOPWORDS = frozenset(
    {"a", "an", "and", "the", "our", "my", "your", "their", "its", "of", "for", "with", "to", "in", "on", "at"}
    | {"new", "latest", "all", "by", "from", "this", "that"}
)


class Source(BaseModel, frozen=True):
    """Where a figure was read."""

    figure: str
    url: str


class KindStyle(BaseModel, frozen=True):
    """House style for one kind of copy, on every platform."""

    heading: str
    text_max: int
    hashtags: tuple[int, int]
    paragraphs_min: int
    title: bool


class PlatformLimits(BaseModel, frozen=True):
    """A platform's published limits and the kinds of copy it takes."""

    label: str
    kinds: tuple[CopyKind, ...]
    body_max: int
    body_max_bytes: int | None = None
    title_max: int | None = None
    preview_chars: int
    hashtag_limit: int | None
    hashtags: tuple[int, int] | None = None
    """A house range that overrides the kind's (LinkedIn: at most 3)."""
    forbidden: str = ""
    platform_tag: str | None
    sources: tuple[Source, ...]


class CopyRules(BaseModel, frozen=True):
    """Everything one item of a platform and kind is checked against."""

    platform: str
    label: str
    kind: CopyKind
    heading: str
    title_max: int | None
    """``None``: this kind has no title."""
    body_max: int
    """Body plus hashtags, as posted."""
    body_max_bytes: int | None
    text_max: int
    """The body alone (house style: captions are short)."""
    preview_chars: int
    """The hook (first sentence) must fit before the platform's 'more'."""
    paragraphs_min: int
    hashtags_min: int
    hashtags_max: int
    forbidden: str
    platform_tag: str | None


def load_limits(path: Path = LIMITS_PATH) -> tuple[dict[CopyKind, KindStyle], dict[str, PlatformLimits], str]:
    """Kind styles, platform limits and the date the figures were checked."""
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {CopyKind(k): KindStyle.model_validate(v) for k, v in data["kinds"].items()}
    platforms = {k: PlatformLimits.model_validate(v) for k, v in data["platforms"].items()}
    return kinds, platforms, str(data["checked"])


KIND_STYLES, COPY_LIMITS, CHECKED = load_limits()


def rules_for(platform: str, kind: CopyKind) -> CopyRules:
    """The rules for a platform id and kind (the request has already checked the pair)."""
    limits, style = COPY_LIMITS[platform], KIND_STYLES[kind]
    low, high = limits.hashtags or style.hashtags
    if limits.hashtag_limit is not None:
        high = min(high, limits.hashtag_limit)
    return CopyRules(
        platform=platform,
        label=limits.label,
        kind=kind,
        heading=style.heading,
        title_max=limits.title_max if style.title else None,
        body_max=limits.body_max,
        body_max_bytes=limits.body_max_bytes,
        text_max=min(style.text_max, limits.body_max),
        preview_chars=limits.preview_chars,
        paragraphs_min=style.paragraphs_min,
        hashtags_min=low,
        hashtags_max=high,
        forbidden=limits.forbidden,
        platform_tag=limits.platform_tag,
    )


def first_sentence(text: str) -> str:
    """The hook: text up to the first sentence end or line break."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def sentences(text: str) -> list[str]:
    """Every sentence (or line) of a text, stripped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def paragraphs(text: str) -> list[str]:
    """Blocks separated by a blank line."""
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def to_hashtag(phrase: str, max_words: int = 3, *, tail: bool = False) -> str | None:
    """'trail shoe' → '#TrailShoe'; 'Northwind's cold brew' → '#NorthwindColdBrew'; None when nothing is left.

    Lower-case stopwords and bare numbers are dropped; ``tail`` keeps the last words (a product's head noun) when
    there are more than ``max_words``.
    """
    ascii_text = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]s\b", "", ascii_text).replace("'", "").replace("&", " And ")
    words = [w for w in re.split(r"[^A-Za-z0-9]+", ascii_text) if w]
    kept = [w for w in words if w not in _STOPWORDS] or words  # 'The North Face' keeps its capital 'The'.
    kept = [w for w in kept if not w.isdigit()]
    kept = kept[-max_words:] if tail else kept[:max_words]
    if not kept:
        return None
    tag = "#" + "".join(w[:1].upper() + w[1:] for w in kept)
    tag = tag[: HASHTAG_MAX_CHARS + 1]
    return tag if HASHTAG.match(tag) else None


def hashtag_problems(tags: list[str], rules: CopyRules) -> list[str]:
    """Count, form and duplicates of an item's hashtags."""
    problems = []
    if not rules.hashtags_min <= len(tags) <= rules.hashtags_max:
        wanted = f"{rules.hashtags_min}–{rules.hashtags_max}"
        problems.append(f"{len(tags)} hashtags; {rules.label} {rules.heading.lower()} take {wanted}")
    bad = [t for t in tags if not HASHTAG.match(t) or len(t) > HASHTAG_MAX_CHARS + 1]
    if bad:
        problems.append(f"hashtags must be #CamelCase without spaces or punctuation: {', '.join(bad)}")
    if len({t.lower() for t in tags}) != len(tags):
        problems.append("a hashtag is repeated")
    return problems


def title_problems(title: str | None, rules: CopyRules) -> list[str]:
    """A title where one is needed, under the limit; none where the kind has none."""
    if rules.title_max is None:
        return [f"{rules.heading.lower()} have no title"] if title else []
    if not title or not title.strip():
        return ["the title is missing"]
    problems = []
    if len(title) > rules.title_max:
        problems.append(f"the title is {len(title)} characters, over {rules.label}'s {rules.title_max}")
    problems += [f"the title contains {c!r}, which {rules.label} refuses" for c in rules.forbidden if c in title]
    return problems


def body_problems(body: str, posted: str, rules: CopyRules) -> list[str]:
    """Length as posted and alone, the hook before 'more', paragraphs, refused characters."""
    if not body.strip():
        return ["the text is empty"]
    problems = []
    if len(posted) > rules.body_max:
        problems.append(f"{len(posted):,} characters with hashtags, over {rules.label}'s {rules.body_max:,}")
    if rules.body_max_bytes is not None and len(posted.encode()) > rules.body_max_bytes:
        problems.append(f"{len(posted.encode()):,} bytes, over {rules.label}'s {rules.body_max_bytes:,}")
    if len(body) > rules.text_max:
        problems.append(
            f"the text is {len(body):,} characters; {rules.heading.lower()} here stay under {rules.text_max:,}"
        )
    hook = first_sentence(body)
    if len(hook) > rules.preview_chars:
        problems.append(
            f"the opening line is {len(hook)} characters; {rules.label} shows {rules.preview_chars} before 'more'"
        )
    if len(paragraphs(body)) < rules.paragraphs_min:
        problems.append(f"{rules.heading.lower()} need at least {rules.paragraphs_min} paragraphs")
    problems += [f"the text contains {c!r}, which {rules.label} refuses" for c in rules.forbidden if c in body]
    return problems


def problems(item: CopyItem, rules: CopyRules) -> list[str]:
    """Every limit the item breaks, in words; empty when it fits the platform."""
    return [
        *title_problems(item.title, rules),
        *body_problems(item.body, item.text(), rules),
        *hashtag_problems(item.hashtags, rules),
    ]
