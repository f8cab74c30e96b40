"""Read a free-text brief into a :class:`~agent.domain.Brief`, with clear errors for bad input."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from agent.domain import MAX_BRIEF_CHARS, MAX_DURATION_S, MIN_DURATION_S, Brief
from tools.platforms import ALIASES, UnknownPlatformError, resolve_platforms

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
_NUMERAL = r"\d+(?:\.\d+)?(?:e[+-]?\d+)?"
_DURATION = re.compile(
    rf"(?<![\w$.:])({_NUMERAL})\s*-?\s*(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# "1 min 30": seconds after a minute count, unless they measure something else ("1 min 30 fps").
_SECONDS_AFTER = re.compile(
    r"\s*(?:and\s+)?(\d{1,2})(?:\s*-?\s*(?:s|secs?|seconds?)\b|(?![\w%]|[.,]\d|\s*(?:fps|frames?|px|x|k|p)\b))",
    re.IGNORECASE,
)
_SMALL_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_UNITS = {"second": 1, "seconds": 1, "sec": 1, "secs": 1, "minute": 60, "minutes": 60, "min": 60, "mins": 60}
_WORD_UNITS |= {"hour": 3600, "hours": 3600}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_SMALL = _alternatives(_SMALL_NUMBERS)
_BELOW_100 = rf"(?:{_alternatives(_TENS)})(?:[\s-]+(?:{_SMALL}))?|{_SMALL}"
_WORD_DURATION = re.compile(
    rf"(?<![\w-])(?:(?P<hundreds>a|{_SMALL})[\s-]+hundred"
    rf"(?:(?:[\s-]+and)?[\s-]+(?P<rest>{_BELOW_100}))?|(?P<number>{_BELOW_100}))"
    rf"(?P<half>[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(?P<unit>{_alternatives(_WORD_UNITS)})\b",
    re.IGNORECASE,
)
# "a minute", "a half-minute", "half a minute", "a minute and a half"; never "take a minute" or "in a minute".
_A_MINUTE = re.compile(
    r"(?<![\w-])(?:(?P<article>an?)[\s-]+(?P<half>half[\s-]+)?|half[\s-]+(?:an?[\s-]+)?)"
    r"(?:minute|min)\b(?P<and_half>[\s-]+and[\s-]+a[\s-]+half)?",
    re.IGNORECASE,
)
_NOT_A_LENGTH_BEFORE = re.compile(
    r"\b(?:take|takes|taking|took|wait|in|within|every|per|once|than|just|only|spare|got|have)\s*$", re.IGNORECASE
)

BUDGET_RULE = "the budget must be a positive amount, e.g. 'budget $20'"
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "bucks": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
}
_AMOUNT = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:\.\d+|,\d{1,2}(?!\d))?(?:e[+-]?\d+)?"
_MONEY = re.compile(
    rf"(?:(?<![\w-])(?P<sign_before>-))?(?P<before>\bus\$|[$€£]|\b(?:usd|eur|gbp)\b)\s*(?P<sign>-)?\s*"
    rf"(?P<amount>{_AMOUNT})(?P<thousands>k\b)?"
    rf"|(?<![\w.,])(?P<sign_num>-)?(?P<amount_num>{_AMOUNT})(?P<thousands_num>k)?\s*"
    r"(?P<after>[$€£]|(?:us\s+)?dollars?\b|bucks\b|usd\b|eur\b|euros?\b|gbp\b)",
    re.IGNORECASE,
)
_BUDGET_WORD = re.compile(
    r"\b(?:budget|presupuesto|orçamento)\b"
    r"(?:\s*(?::|=|~|\b(?:is|of|von|de|around|about|approximately|roughly|up to|max|maximum|total|only)\b))*\s*",
    re.IGNORECASE,
)
_BARE_AMOUNT = re.compile(
    rf"(?P<sign_num>-)?(?P<amount_num>{_AMOUNT})(?P<thousands_num>k\b)?(?![\w%]|\s*(?:s|secs?|seconds?|min|minutes?)\b)",
    re.IGNORECASE,
)


class _Money(NamedTuple):
    value: float
    currency: str


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


def _numeral_duration(text: str) -> tuple[int, float] | None:
    match = _DURATION.search(text)
    if not match:
        return None
    unit = _UNITS[match.group(2).lower()]
    seconds = float(match.group(1)) * unit
    tail = _SECONDS_AFTER.match(text, match.end()) if unit == 60 else None
    if tail and int(tail.group(1)) < 60:
        seconds += int(tail.group(1))
    return match.start(), seconds


def _below_100(words: str) -> int:
    parts = re.split(r"[\s-]+", words.lower())
    return sum(_TENS.get(p, _SMALL_NUMBERS.get(p, 0)) for p in parts)


def _word_duration(text: str) -> tuple[int, float] | None:
    match = _WORD_DURATION.search(text)
    if not match:
        return None
    if match.group("hundreds"):
        hundreds = match.group("hundreds").lower()
        count = 100 * (1 if hundreds == "a" else _SMALL_NUMBERS[hundreds]) + _below_100(match.group("rest") or "")
    else:
        count = _below_100(match.group("number"))
    half = 0.5 if match.group("half") else 0.0
    return match.start(), (count + half) * _WORD_UNITS[match.group("unit").lower()]


def _a_minute(text: str) -> tuple[int, float] | None:
    for match in _A_MINUTE.finditer(text):
        if match.group("article") and _NOT_A_LENGTH_BEFORE.search(text, 0, match.start()):
            continue
        halved = not match.group("article") or match.group("half")
        return match.start(), 30.0 if halved else (90.0 if match.group("and_half") else 60.0)
    return None


def parse_duration(text: str) -> float | None:
    """The first length named in the text, in seconds, or None.

    Reads numerals with units ("15 s", "1.5 minutes", "1 min 30", "a 45-second spot", "1e3 s") and
    lengths in words ("one minute", "ninety seconds", "half a minute", "a minute and a half").
    """
    found = [hit for hit in (_numeral_duration(text), _word_duration(text), _a_minute(text)) if hit]
    return min(found, key=lambda hit: hit[0])[1] if found else None


def parse_platforms(text: str) -> list[str]:
    """Platform ids named in the text, in order of mention; strict on an explicit 'Platforms:' line."""
    line = _PLATFORM_LINE.search(text)
    if line:
        names = [n for n in re.split(r",|/|\band\b|&", line.group(1)) if n.strip()]
        return resolve_platforms(names)
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


def _amount(digits: str) -> float:
    """A number written with thousands separators or a decimal comma ("1,250.50", "1.000,50", "20,5")."""
    if "e" in digits.lower():
        return float(digits)
    dot, comma = digits.rfind("."), digits.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal = "." if dot > comma else ","
    elif comma >= 0:
        decimal = "" if len(digits) - comma - 1 == 3 else ","
    elif dot >= 0:
        decimal = "" if all(len(group) == 3 for group in digits.split(".")[1:]) else "."  # €1.000, $1.000.000
    else:
        decimal = ""
    for separator in ".,":
        if separator != decimal:
            digits = digits.replace(separator, "")
    return float(digits.replace(",", "."))


def _money(match: re.Match[str]) -> _Money:
    """The amount a :data:`_MONEY` or :data:`_BARE_AMOUNT` match names (a bare amount is in USD)."""
    found = {name: value for name, value in match.groupdict().items() if value}
    prefix = "amount" in found
    amount, suffix = (found["amount"], "") if prefix else (found["amount_num"], "_num")
    value = _amount(amount) * (1000 if f"thousands{suffix}" in found else 1)
    word = found.get("before" if prefix else "after", "usd")
    negative = any(f"sign{s}" in found for s in (("_before", "") if prefix else ("_num",)))
    return _Money(-value if negative else value, _CURRENCIES[" ".join(word.lower().split())])


def _find_budget(text: str) -> _Money | None:
    """The amount after the word 'budget', else the first dollar amount, else the first €/£ amount."""
    for word in _BUDGET_WORD.finditer(text):
        if named := _MONEY.match(text, word.end()):
            return _money(named)
        if bare := _BARE_AMOUNT.match(text, word.end()):
            return _money(bare)
    amounts = [_money(m) for m in _MONEY.finditer(text)]
    return next((a for a in amounts if a.currency == "USD"), amounts[0] if amounts else None)


def parse_budget(text: str) -> float | None:
    """The budget in USD, if one is named (a € or £ amount is taken 1:1; see :func:`budget_currency_note`).

    Reads thousands separators ("$1,000", "1.000 €") and currency words ("20 bucks", "USD 20").
    Raises :class:`BriefError` for a negative or infinite amount.
    """
    money = _find_budget(text)
    if money is None:
        return None
    if not (math.isfinite(money.value) and money.value >= 0):
        raise BriefError(BUDGET_RULE)
    return money.value


def budget_currency_note(text: str) -> str | None:
    """A constraint note when the budget was given in another currency."""
    money = _find_budget(text)
    if money is not None and money.currency != "USD":
        return f"budget given in {money.currency} and taken 1:1 as USD; adjust it if the difference matters"
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
        return f"{seconds / 3600:.3g} hour ({seconds:g} s)"
    if seconds >= 120:
        return f"{seconds / 60:.3g} minute ({seconds:g} s)"
    return f"{seconds:g} s"


def _check_duration(duration: float) -> None:
    advice = "Say a length such as '15 s', '30 seconds' or '1 minute'."
    allowed = f"campaign videos are {MIN_DURATION_S:g}–{MAX_DURATION_S:g} s"
    if not math.isfinite(duration):
        raise BriefError(f"That length is not a number of seconds: {allowed}. {advice}")
    if not MIN_DURATION_S <= duration <= MAX_DURATION_S:
        raise BriefError(f"A {_human(duration)} cut is not possible: {allowed}. {advice}")


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
        ids = resolve_platforms(platforms) if platforms else parse_platforms(text)
    except UnknownPlatformError as exc:
        raise BriefError(str(exc)) from exc
    duration = duration_s if duration_s is not None else parse_duration(text)
    _check_duration(DEFAULT_DURATION_S if duration is None else duration)
    budget = budget_usd if budget_usd is not None else parse_budget(text)
    if budget is not None and not (math.isfinite(budget) and budget >= 0):
        raise BriefError(BUDGET_RULE)
    return Brief(
        raw=text,
        product=parse_product(text),
        audience=parse_audience(text),
        platforms=ids or list(DEFAULT_PLATFORMS),
        tone=parse_tone(text),
        style=parse_style(text),
        duration_s=DEFAULT_DURATION_S if duration is None else duration,
        budget_usd=budget,
        constraints=[c.strip() for c in _CONSTRAINT.findall(text)][:10]
        + ([note] if (note := budget_currency_note(text)) and budget_usd is None else []),
    )
