"""Read a free-text brief into a :class:`~agent.domain.Brief`, with clear errors for bad input."""

from __future__ import annotations

import re

from agent.domain import MAX_BRIEF_CHARS, MAX_DURATION_S, MIN_DURATION_S, Brief
from tools.platforms import ALIASES, UnknownPlatformError, resolve_platform

DEFAULT_DURATION_S = 15.0
DEFAULT_PLATFORMS = ["tiktok"]
EXAMPLE = '"20 s teaser for our trail shoe, TikTok and YouTube, energetic, budget $20"'


class BriefError(ValueError):
    """The brief cannot be planned; the message says what to change."""


TONES: dict[str, tuple[str, ...]] = {
    "energetic": ("energetic", "upbeat", "dynamic", "hype", "exciting", "high-energy", "punchy"),
    "calm": ("calm", "serene", "relaxing", "peaceful", "soothing", "gentle"),
    "luxurious": ("luxury", "luxurious", "premium", "elegant", "sophisticated", "high-end"),
    "playful": ("playful", "fun", "quirky", "whimsical", "cheeky", "silly"),
    "dramatic": ("dramatic", "epic", "intense", "moody", "cinematic night", "suspenseful"),
    "warm": ("warm", "cozy", "cosy", "heartfelt", "friendly", "nostalgic"),
    "bold": ("bold", "confident", "edgy", "rebellious"),
    "minimal": ("minimal", "minimalist", "clean", "simple", "understated"),
    "inspiring": ("inspiring", "inspirational", "uplifting", "motivational", "aspirational", "empowering"),
    "trustworthy": ("professional", "corporate", "trustworthy", "b2b", "authoritative", "credible"),
}
STYLES = (
    "cinematic",
    "documentary",
    "animated",
    "3d",
    "anime",
    "retro",
    "vintage",
    "neon",
    "editorial",
    "ugc",
    "handheld",
    "studio",
    "stop-motion",
    "watercolor",
    "photoreal",
    "illustrated",
    "minimalist",
)
AUDIENCE_WORDS = (
    "runners",
    "parents",
    "gamers",
    "students",
    "developers",
    "founders",
    "women",
    "men",
    "teens",
    "professionals",
    "moms",
    "dads",
    "athletes",
    "gen z",
    "millennials",
    "small businesses",
    "hikers",
    "cyclists",
    "travellers",
    "travelers",
    "families",
    "kids",
    "creators",
    "marketers",
    "engineers",
)
_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "sek": 1,
    "sekunden": 1,
    "segundos": 1,
    "seg": 1,
    "secondes": 1,
    "seconde": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "minuten": 60,
    "minutos": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "stunden": 3600,
    "horas": 3600,
}
_DURATION = re.compile(
    r"(?<![\w$.:])(\d+(?:\.\d+)?)\s*-?\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_BUDGET = (
    re.compile(r"\$\s*(\d+(?:\.\d+)?)"),
    re.compile(r"(\d+(?:\.\d+)?)\s*(?:usd|dollars)\b", re.IGNORECASE),
    re.compile(r"(?:budget|presupuesto|orçamento)\s*(?:of|:|is|von|de)?\s*(\d+(?:\.\d+)?)", re.IGNORECASE),
)
_OTHER_CURRENCY = re.compile(
    r"(?:[€£]\s*(\d+(?:\.\d+)?))|(?:(\d+(?:\.\d+)?)\s*(?:[€£]|eur\b|euros?\b|gbp\b))", re.IGNORECASE
)
_PRODUCT = re.compile(
    r"\b(?:for|launch(?:ing)?|promot(?:e|ing)|introduc(?:e|ing)|advertis(?:e|ing)|showcas(?:e|ing)|about)"
    r"\s+(?:our|the|my|their|a|an)\s+(.+?)(?=\s*(?:[,.;!]|\bon\b|\bfor\b|\bwith\b|\bin\b|\bto\b|\bthat\b|\baimed\b|\btargeting\b|\bwhich\b|$))",
    re.IGNORECASE,
)
_AUDIENCE = re.compile(r"\b(?:audience|targeting|aimed at|target)\s*:?\s+([^,.;]+)", re.IGNORECASE)
_PLATFORM_LINE = re.compile(r"^\s*platforms?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_CONSTRAINT = re.compile(r"\b((?:must|don't|do not|avoid|never|no)\s+[^,.;]+)", re.IGNORECASE)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9:&'-]+", text.lower())) + " "


def parse_duration(text: str) -> float | None:
    """The first duration named in the text, in seconds, or None."""
    match = _DURATION.search(text)
    if not match:
        return None
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def parse_platforms(text: str) -> list[str]:
    """Platform ids named in the text, in order of mention; strict on an explicit 'Platforms:' line."""
    line = _PLATFORM_LINE.search(text)
    if line:
        names = [n for n in re.split(r",|/|\band\b|&", line.group(1)) if n.strip()]
        return list(dict.fromkeys(resolve_platform(n).id for n in names))
    found: list[tuple[int, str]] = []
    words = _words(text)
    for alias in sorted(ALIASES, key=len, reverse=True):
        for match in re.finditer(re.escape(f" {alias} "), words):
            # A longer alias ("youtube shorts") wins over the shorter one inside it ("youtube").
            if not any(start <= match.start() < start + len(a) for start, a in found):
                found.append((match.start(), alias))
    ordered = [ALIASES[a] for _, a in sorted(found)]
    return list(dict.fromkeys(ordered))


def parse_tone(text: str) -> str:
    """The mood the brief asks for (a key of :data:`TONES`), defaulting to 'inspiring'."""
    words = _words(text)
    hits = [(words.find(f" {w} "), mood) for mood, ws in TONES.items() for w in ws if f" {w} " in words]
    return min(hits)[1] if hits else "inspiring"


def parse_style(text: str) -> str:
    """The visual style named in the brief, defaulting to 'cinematic'."""
    words = _words(text)
    hits = [(words.find(f" {s} "), s) for s in STYLES if f" {s} " in words]
    return min(hits)[1] if hits else "cinematic"


def parse_budget(text: str) -> float | None:
    """The budget in USD, if one is named (a € or £ amount is taken 1:1; see :func:`budget_currency_note`)."""
    for pattern in _BUDGET:
        match = pattern.search(text)
        if match:
            return float(match.group(1))
    other = _OTHER_CURRENCY.search(text)
    if other:
        return float(other.group(1) or other.group(2))
    return None


def budget_currency_note(text: str) -> str | None:
    """A constraint note when the budget was given in another currency."""
    if not _BUDGET[0].search(text) and not _BUDGET[1].search(text) and _OTHER_CURRENCY.search(text):
        return "budget given in EUR/GBP and taken 1:1 as USD; adjust it if the difference matters"
    return None


def parse_product(text: str) -> str:
    """What is being advertised."""
    match = _PRODUCT.search(text)
    if match:
        return match.group(1).strip()[:80]
    return "our product"


def parse_audience(text: str) -> str:
    """Who the campaign speaks to."""
    match = _AUDIENCE.search(text)
    if match:
        return match.group(1).strip()[:80]
    words = _words(text)
    named = [w for w in AUDIENCE_WORDS if f" {w} " in words]
    return ", ".join(named) if named else "a broad social audience"


def _human(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} hour ({seconds:g} s)"
    if seconds >= 120:
        return f"{seconds / 60:g} minute ({seconds:g} s)"
    return f"{seconds:g} s"


def parse_brief(
    raw: str,
    *,
    platforms: list[str] | None = None,
    duration_s: float | None = None,
    budget_usd: float | None = None,
) -> Brief:
    """Read a brief; explicit arguments override what the text says. Raises :class:`BriefError`."""
    text = (raw or "").strip()
    if not text:
        raise BriefError(f"The brief is empty. Describe the product, platforms and length, e.g. {EXAMPLE}.")
    if len(text) > MAX_BRIEF_CHARS:
        raise BriefError(
            f"The brief is {len(text):,} characters; the limit is {MAX_BRIEF_CHARS:,}. "
            "Keep the campaign essentials and link or attach long background material instead."
        )
    try:
        ids = [resolve_platform(p).id for p in platforms] if platforms else parse_platforms(text)
    except UnknownPlatformError as exc:
        raise BriefError(str(exc)) from exc
    duration = duration_s if duration_s is not None else parse_duration(text)
    if duration is None:
        duration = DEFAULT_DURATION_S
    if not MIN_DURATION_S <= duration <= MAX_DURATION_S:
        raise BriefError(
            f"A {_human(duration)} cut is not possible: campaign videos are {MIN_DURATION_S:g}–{MAX_DURATION_S:g} s. "
            "Say a length such as '15 s', '30 seconds' or '1 minute'."
        )
    budget = budget_usd if budget_usd is not None else parse_budget(text)
    if budget is not None and budget < 0:
        raise BriefError("The budget cannot be negative; give an amount such as '$20', or leave it out.")
    return Brief(
        raw=text,
        product=parse_product(text),
        audience=parse_audience(text),
        platforms=ids or list(DEFAULT_PLATFORMS),
        tone=parse_tone(text),
        style=parse_style(text),
        duration_s=duration,
        budget_usd=budget,
        constraints=[c.strip() for c in _CONSTRAINT.findall(text)][:10]
        + ([note] if (note := budget_currency_note(text)) and budget_usd is None else []),
    )
