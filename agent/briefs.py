"""Read a free-text brief into a :class:`~agent.domain.Brief`, with clear errors for bad input."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from agent.domain import MAX_BRIEF_CHARS, MAX_DURATION_S, MIN_DURATION_S, Brief
from agent.languages import MOOD_WORDS, detect_language
from tools.platforms import ALIASES, UnknownPlatformError, resolve_platforms

DEFAULT_DURATION_S = 15.0
DEFAULT_PLATFORMS = ["tiktok"]
EXAMPLE = '"20 s teaser for our trail shoe, TikTok and YouTube, energetic, budget $20"'


class BriefError(ValueError):
    """The brief cannot be planned; the message says what to change."""


class BriefQuestion(BriefError):
    """The brief's length or budget reads two ways (the rules and the LLM disagree): ask, don't guess.

    ``field`` is ``duration_s`` or ``budget_usd``; ``readings`` the values found. Answering it means
    starting again with that field given explicitly (a CLI flag, or the chat's answer).
    """

    def __init__(self, field: str, readings: list[float], message: str) -> None:
        super().__init__(message)
        self.field = field
        self.readings = readings


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


_AUDIENCE = re.compile(r"\b(?:audience|targeting|aimed at|target)\s*:?\s+([^,.;]+)", re.IGNORECASE)
_PLATFORM_LINE = re.compile(r"^\s*platforms?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_CONSTRAINT = re.compile(r"\b((?:must|don't|do not|avoid|never|no)\s+[^,.;]+)", re.IGNORECASE)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"(?:[^\W_]|[:&'-])+", text.lower())) + " "


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
    found: list[tuple[int, int, str]] = []
    words = _words(text)
    # "Instagram portrait feed post", "Instagram square": a feed format, not Reels.
    for match in _INSTAGRAM_FEED.finditer(words):
        square = "square" in match.group("format") or "1:1" in match.group("format")
        found.append((match.start(), match.end(), "feed_square" if square else "feed_portrait"))
    for alias in sorted(ALIASES, key=len, reverse=True):
        for match in re.finditer(re.escape(f" {alias} "), words):
            # A longer alias ("youtube shorts") wins over the shorter one inside it ("youtube").
            if not any(start <= match.start() < end for start, end, _ in found):
                found.append((match.start(), match.start() + len(alias) + 1, ALIASES[alias]))
    ordered = [platform for _, _, platform in sorted(found)]
    return list(dict.fromkeys(ordered))


def _mood_vocabulary() -> dict[str, tuple[str, ...]]:
    """Mood → its words in English and in every language of :data:`agent.languages.MOOD_WORDS`."""
    return {
        mood: (*ws, *(w for words in MOOD_WORDS.values() for w in words.get(mood, ()))) for mood, ws in TONES.items()
    }


MOODS = _mood_vocabulary()


def parse_tone(text: str) -> str:
    """The mood the brief asks for (a key of :data:`TONES`), defaulting to 'inspiring'.

    Words that describe the light ('warm morning light') set the light, not the mood. Mood words of the
    other languages briefs are read in count too ('ton luxueux' is luxurious).
    """
    words = _words(_without_light(text))
    hits = [(words.find(f" {w} "), mood) for mood, ws in MOODS.items() for w in ws if f" {w} " in words]
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


def _split(*lines: str) -> tuple[str, ...]:
    """Words from space-separated lines (keeps long vocabularies readable)."""
    return tuple(word for line in lines for word in line.split())


# --- Product and brand ------------------------------------------------------------------------------
# Briefs name what they sell in a few common ways: "our trail shoe", "for Lumen, a solar camping
# lantern", "Northwind's new cold brew", '"Aurora" face serum', "Salt & Stone deodorant", "the Acme CRM".
_TOKEN = r"[A-Z][\w+-]*"
_NAME = rf"{_TOKEN}(?:\s+[&+]\s+{_TOKEN}|\s+{_TOKEN}|\s+[A-Z0-9][\w+-]*)*"
_QUOTED = r"(?:\"|“|‘|(?<![\w'])')(?P<quoted>[^\"“”‘’']{1,40})(?:\"|”|’|'(?!\w))"
_TRIGGER_WORD = (
    r"(?i:for|launch(?:ing|es)?|promot(?:e|es|ing)|introduc(?:e|es|ing)|advertis(?:e|es|ing)|"
    r"showcas(?:e|es|ing)|about|featuring|sell(?:s|ing)?|announc(?:e|es|ing)|unveil(?:s|ing)?|teas(?:e|es|ing))"
)
_TRIGGER = rf"\b{_TRIGGER_WORD}"
_NEW = r"(?:(?i:new|latest|all-new|brand-new|newest|upcoming)\s+)*"
_DETERMINER = r"(?i:our|the|my|their|a|an|your)"
_STOP = (
    r"(?=\s*(?:[,.;:!?()\"“”]|\s[-–—]\s|$)|\s+(?i:on|for|with|in|to|that|aimed|targeting|which|who|at|next|this|"
    r"from|by|during|before|after|across|or|but|via|using|as|where|while|so|because|is|are|was|will|has|needs|"
    r"featuring|starring|about|promoting|introducing|showing|showcasing|tiktok|youtube|instagram|linkedin|reels|shorts)\b)"
)
_NOT_FIRST = r"(?!(?i:on|for|with|in|to|at|and|or|by|from|via)\b)"
_DESC = rf"{_NOT_FIRST}[\w&'’+-]+(?:\s+[\w&'’+-]+)*?{_STOP}"
_LOWER_DESC = rf"{_NOT_FIRST}[a-z][\w&'’+-]*(?:\s+[\w&'’+-]+)*?{_STOP}"


_NAMING: tuple[tuple[str, str], ...] = (
    # (kind, pattern): the first match in the text wins, on a tie the earlier kind. Kept as sources:
    # ``re`` compiles and caches them on first use, so importing this module stays fast.
    (
        "apposition",
        rf"{_TRIGGER}\s+(?:{_QUOTED}|(?P<name>{_NAME}))\s*(?:,|\s[-–—]|:)\s*(?i:a|an|the|our)\s+{_NEW}(?P<desc>{_DESC})",
    ),
    ("possessive", rf"(?:{_QUOTED}|\b(?P<name>{_NAME}))['’]s\s+{_NEW}(?P<desc>{_DESC})"),
    ("quoted", rf"{_QUOTED}\s+{_NEW}(?P<desc>{_LOWER_DESC})"),
    ("determined", rf"{_TRIGGER}\s+{_DETERMINER}\s+{_NEW}(?P<desc>{_DESC})"),
    ("bare name", rf"{_TRIGGER}\s+(?P<desc>(?P<name>{_NAME})(?:\s+{_LOWER_DESC}|{_STOP}))"),
    ("ours", rf"\b(?i:our|my)\s+{_NEW}(?P<desc>{_DESC})"),
    (
        "non-english",
        r"\b(?i:für|para|pour|per)\s+(?i:unseren|unsere|unser|unserem|nuestra|nuestro|nuestros|nuestras|"
        r"nosso|nossa|nossos|nossas|notre|nos|il nostro|la nostra)\s+(?P<desc>[^,.;!?]+?)"
        r"(?=\s+(?i:en|no|na|sur|auf|bei|em|su|on|in)\b|[,.;!?]|$)",
    ),
)

_EXPLICIT = re.compile(r"^\s*(?P<key>product|brand)\s*:\s*(?P<value>[^\n]+?)\s*$", re.IGNORECASE | re.MULTILINE)
NOT_PRODUCTS = frozenset(
    _split(
        "audience audiences brand budget team customers customer followers fans community founder",
        "founders story message goal goals tone style video videos ad ads clip clips spot campaign",
        "channel page account feed platform platforms launch sale sales promo promotion event product",
        "products company website site people everyone anyone viewers users",
    )
)
"""Head nouns that are not what a brief advertises ('for our audience', 'the summer sale')."""
NOT_BRANDS = frozenset(
    _split(
        "i we our it its let that this what here there today tonight everyone he she they you your gen",
        "vitamin monday tuesday wednesday thursday friday saturday sunday january february march april",
        "may june july august september october november december christmas easter halloween",
        "thanksgiving valentine mother father ramadan diwali black cyber new summer spring autumn fall",
        "winter holiday make please",
    )
)
"""Capitalised words that start no brand name ('Let's', 'Mother's Day', 'Black Friday')."""


def _is_platform(name: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", name.lower()) for a in ALIASES if len(a) > 2)


def _clean(phrase: str) -> str:
    words = phrase.strip(" \"'“”‘’").split()
    while words and words[0].lower() in {"new", "latest", "all-new", "brand-new", "newest", "upcoming"}:
        words = words[1:]
    return " ".join(words[:8])[:80]


def _inline_brand(phrase: str) -> str:
    """The brand written into a product phrase: leading capitalised words ('Acme' in 'Acme CRM')."""
    words = phrase.split()
    brand: list[str] = []
    for word in words[:-1]:
        capital = word[:1].isupper() and not (word.isupper() and len(word) > 1)
        if capital or (word in {"&", "+"} and brand):
            brand.append(word)
        else:
            break
    while brand and brand[-1] in {"&", "+"}:
        brand.pop()
    if not brand or brand[0].lower().strip("'’") in NOT_BRANDS or len(brand) == len(words):
        return ""
    return " ".join(brand)


def _trim_name(name: str) -> str:
    """A brand name without the sentence words caught before it ('Promote Bloom & Wild' → 'Bloom & Wild')."""
    words = name.split()
    while words and (words[0].lower() in NOT_BRANDS or re.fullmatch(_TRIGGER_WORD, words[0]) or words[0] in {"&", "+"}):
        words = words[1:]
    return " ".join(words)


def _product_of(desc: str) -> str:
    """The product in a description: 'pet food brand' → 'pet food'."""
    words = desc.split()
    if len(words) > 1 and words[-1].lower() in {"brand", "range", "line", "collection", "label"}:
        words = words[:-1]
    return " ".join(words)


def _naming(text: str) -> tuple[str, str]:
    """(brand, product) as the brief names them; ('', 'our product') when it names neither."""
    found: list[tuple[int, int, str, str]] = []
    for rank, (kind, pattern) in enumerate(_NAMING):
        for match in re.finditer(pattern, text):
            groups = {k: v for k, v in match.groupdict().items() if v}
            desc = _product_of(_clean(groups.get("desc", "")))
            if not desc or desc.lower().split()[-1] in NOT_PRODUCTS or desc.lower() in ALIASES:
                continue
            if kind in ("determined", "ours", "non-english"):
                brand = _inline_brand(desc)
            else:
                brand = _trim_name(groups.get("quoted") or groups.get("name", ""))
                if not brand or _is_platform(brand) or any(f" {w} " in _words(desc) for w in AUDIENCE_WORDS):
                    continue
                if kind == "bare name":
                    desc = desc[desc.index(brand) :] if brand in desc else desc
            start = min(match.start(g) for g in groups if g in ("quoted", "name", "desc"))
            found.append((start, rank, brand, desc))
    brand, product = min(found)[2:] if found else ("", "our product")
    explicit = {m.group("key").lower(): m.group("value").strip(" .") for m in _EXPLICIT.finditer(text)}
    return explicit.get("brand", brand), explicit.get("product", product)


def parse_product(text: str) -> str:
    """What is being advertised ('solar camping lantern', 'Acme CRM'), or 'our product' when unnamed."""
    return _naming(text)[1]


def parse_brand(text: str) -> str:
    """The brand the brief names ('Lumen', 'Salt & Stone'), or ''."""
    return _naming(text)[0]


# --- Direction: mood words, setting, light, time of day ----------------------------------------------
SEASONS = {
    "autumn": "autumn",
    "autumnal": "autumn",
    "winter": "winter",
    "wintry": "winter",
    "wintery": "winter",
    "spring": "spring",
    "springtime": "spring",
    "summer": "summer",
    "summery": "summer",
    "festive": "festive",
    "christmas": "festive",
}
_MOOD_PHRASE = re.compile(r"((?:[a-z0-9'-]+\s+(?:and\s+)?){1,3})(?:mood|vibes?|atmosphere|aesthetic)\b", re.IGNORECASE)
_FILLER = frozenset(
    _split(
        "a an the with and of in our my for but overall general brand video ad clip spot teaser very",
        "really super quite more less some nice good great overall its it's this that",
    )
)
_LIGHT_WORDS = _split(
    "soft warm cool cold golden natural morning evening afternoon dawn dusk sunset sunrise moody",
    "dramatic bright low dim harsh diffused diffuse candle window neon studio blue hard gentle late",
    "early winter autumn summer hazy misty dappled amber pale silver crisp rim side back",
)
_LIGHT = re.compile(
    rf"\b(?:(?:{'|'.join(_LIGHT_WORDS)})[\s-]+){{1,3}}(?:light|lighting|glow|sunlight|daylight|lamplight)\b"
    r"|\b(?:candlelight|candle-lit|candlelit|moonlight|moonlit|neon-lit|backlit|sunlit|firelight)\b",
    re.IGNORECASE,
)
TIMES = {
    "first light": "dawn",
    "dawn": "dawn",
    "sunrise": "sunrise",
    "early morning": "morning",
    "morning": "morning",
    "midday": "midday",
    "noon": "midday",
    "afternoon": "afternoon",
    "golden hour": "golden hour",
    "sunset": "sunset",
    "blue hour": "dusk",
    "twilight": "dusk",
    "dusk": "dusk",
    "evening": "evening",
    "after dark": "night",
    "late night": "night",
    "nighttime": "night",
    "night-time": "night",
    "midnight": "night",
    "night": "night",
    "moonlight": "night",
    "moonlit": "night",
}
_TIME = re.compile(r"\b(" + "|".join(sorted(TIMES, key=len, reverse=True)) + r")\b", re.IGNORECASE)
SETTING_NOUNS = _split(
    "trail mountain mountains hill hills ridge summit peak beach coast coastline shore seaside ocean",
    "sea lake lakeside river riverside forest woods woodland jungle desert dunes field fields meadow",
    "farm garden park city street streets alley rooftop skyline downtown studio kitchen café cafe",
    "coffee shop diner bar pub restaurant bakery market office workspace desk home living room",
    "bedroom bathroom apartment flat loft cabin campsite campfire gym track stadium court pool slope",
    "slopes snow road highway car train subway station airport stage festival club library classroom",
    "campus lab warehouse factory shop store boutique salon spa terrace balcony porch backyard",
    "picnic vineyard cliff cliffs canyon island harbour harbor pier boardwalk skatepark skate park",
    "playground nursery",
)
_SETTING_NOUN = "|".join(sorted({*SETTING_NOUNS, "coffee shop", "living room", "skate park"}, key=len, reverse=True))
_SETTING = re.compile(
    r"\b(?P<prep>on|in|at|inside|by|along|across|through|atop|near|beside|around|into)\s+"
    r"(?P<det>(?:a|an|the|our|my|your|their|some)\s+)?"
    r"(?P<mods>(?:(?!(?:a|an|the|our|my|your|their|and|or|with|for|to|of|on|in|at|by|from|this|that)\b)[\w'-]+\s+){0,3})"
    rf"(?P<noun>(?:{_SETTING_NOUN})(?:e?s)?)\b(?P<tail>\s+(?:corner|counter|table|floor|window|path|terrace|set))?",
    re.IGNORECASE,
)
_BARE_STUDIO = re.compile(
    r"\b(?:minimalist|minimal|white|bright|clean|dark|photo|seamless|empty|concrete|sunlit)\s+studio\b", re.IGNORECASE
)
_NOT_MODIFIERS = frozenset(_split("our my their your and or with for to of the a an this that video ad from"))
_INSTAGRAM_FEED = re.compile(r" (?:instagram|ig)(?P<format>(?: (?:portrait|square|feed|post|grid|4:5|1:1))+)(?= )")
_MORE_AUDIENCES = ("commuters", "campers", "coffee lovers", "foodies", "pet owners", "remote workers", "homeowners")
_AUDIENCE_END = re.compile(r"\s+(?:for|on|in|with|who|that|across|via)\b.*$", re.IGNORECASE)


def _without_light(text: str) -> str:
    """The text without its light and setting phrases ('warm morning light', 'in a minimalist studio')."""
    return _BARE_STUDIO.sub(" ", _SETTING.sub(" ", _LIGHT.sub(" ", text)))


def parse_light(text: str) -> str:
    """The light the brief asks for ('warm morning light'), or ''."""
    match = _LIGHT.search(text)
    return " ".join(match.group(0).lower().split()) if match else ""


def parse_time_of_day(text: str) -> str:
    """The time of day named ('night', 'morning', 'golden hour'), or ''."""
    match = _TIME.search(text)
    return TIMES[match.group(1).lower()] if match else ""


def parse_setting(text: str) -> str:
    """Where the brief sets the film, with its preposition ('on a mountain trail'), or ''."""
    for match in _SETTING.finditer(text):
        mods = match.group("mods").split()
        if any(m.lower() in _NOT_MODIFIERS or m.lower() in ALIASES for m in mods):
            continue
        prep = "in" if match.group("prep").lower() == "into" else match.group("prep").lower()
        phrase = " ".join(match.group(0).split()[1:])
        return f"{prep} {phrase}"
    bare = _BARE_STUDIO.search(text)
    return f"in a {bare.group(0).lower()}" if bare else ""


def parse_mood_words(text: str) -> list[str]:
    """The mood in the brief's own words, in order ('cosy autumn mood' → ['cosy', 'autumn'])."""
    plain = _without_light(text)
    hits: list[tuple[int, str]] = []
    vocabulary = {w for ws in MOODS.values() for w in ws if " " not in w} | set(SEASONS)
    for match in re.finditer(r"[^\W\d_][\w'-]*", plain.lower()):
        if match.group() in vocabulary:
            hits.append((match.start(), match.group()))
    for phrase in _MOOD_PHRASE.finditer(plain):
        for word in re.finditer(r"[a-z0-9][a-z0-9'-]*", phrase.group(1).lower()):
            if word.group() not in _FILLER | set(AUDIENCE_WORDS) | set(ALIASES) and not word.group().isdigit():
                hits.append((phrase.start(1) + word.start(), word.group()))
    return list(dict.fromkeys(w for _, w in sorted(hits)))[:6]


def parse_audience(text: str) -> str:
    """Who the campaign speaks to ('remote workers and students'), or 'a broad social audience'."""
    match = _AUDIENCE.search(text)
    if match:
        named = re.sub(r"^(?:is|are|will be|would be)\s+", "", match.group(1).strip(), flags=re.IGNORECASE)
        named = _AUDIENCE_END.sub("", named).strip()
        if named:
            return named[:80]
    words = _words(text)
    named_words = [w for w in (*AUDIENCE_WORDS, *_MORE_AUDIENCES) if f" {w} " in words]
    return ", ".join(named_words) if named_words else "a broad social audience"


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
    brand, product = _naming(text)
    # Words inside the product's name ('night cream', 'Calm app') are not direction.
    direction = re.sub(rf"(?<!\w){re.escape(product)}(?!\w)", " ", text) if product != "our product" else text
    return Brief(
        raw=text,
        product=product,
        brand=brand,
        audience=parse_audience(text),
        platforms=ids or list(DEFAULT_PLATFORMS),
        tone=parse_tone(direction),
        style=parse_style(direction),
        mood_words=parse_mood_words(direction),
        setting=parse_setting(direction),
        light=parse_light(direction),
        time_of_day=parse_time_of_day(direction),
        language=detect_language(text),
        duration_s=DEFAULT_DURATION_S if duration is None else duration,
        budget_usd=budget,
        constraints=[c.strip() for c in _CONSTRAINT.findall(text)][:10]
        + ([note] if (note := budget_currency_note(text)) and budget_usd is None else []),
    )
