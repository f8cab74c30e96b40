"""Grammar for offline copy: articles, the product's name in a sentence, who the film is about.

Copy is built from parts so a template never writes "the our product" or "a apple".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from agent.domain import Brief

UNNAMED = "our product"
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|se|su|tu|ro|ra|ku)|hour|honest|heir|8|11|18|e-)", re.IGNORECASE)
_CONSONANT_SOUND = re.compile(r"^(?:one\b|once\b|eu|ewe|uni(?!n)|use|usu|utu|uro)", re.IGNORECASE)
SINGULAR_AUDIENCE = {
    "runners": "a runner",
    "parents": "a parent",
    "gamers": "a gamer",
    "students": "a student",
    "developers": "a developer",
    "founders": "a founder",
    "women": "a woman",
    "men": "a man",
    "teens": "a teenager",
    "professionals": "a professional",
    "moms": "a mom",
    "dads": "a dad",
    "athletes": "an athlete",
    "millennials": "a millennial",
    "small businesses": "a small-business owner",
    "hikers": "a hiker",
    "cyclists": "a cyclist",
    "travellers": "a traveller",
    "travelers": "a traveler",
    "families": "a family",
    "kids": "a child",
    "creators": "a creator",
    "marketers": "a marketer",
    "engineers": "an engineer",
    "commuters": "a commuter",
    "campers": "a camper",
    "coffee lovers": "a coffee lover",
    "pet owners": "a pet owner",
    "remote workers": "a remote worker",
    "homeowners": "a homeowner",
}


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase that follows it."""
    if _CONSONANT_SOUND.match(phrase):
        return "a"
    return "an" if _VOWEL_SOUND.match(phrase) else "a"


def with_article(phrase: str) -> str:
    """'an autumn morning', 'a cosy café'."""
    return f"{article(phrase)} {phrase}"


def sentence(text: str) -> str:
    """The text with its first letter capitalised (the rest untouched: 'iPhone' stays)."""
    return text[:1].upper() + text[1:] if text else text


def title_case(text: str) -> str:
    """'trail shoe' → 'Trail Shoe' (keeps existing capitals such as 'CRM')."""
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in text.split())


def is_plural(noun_phrase: str) -> bool:
    """Whether the phrase's head noun is plural ('sunglasses', 'candles'; not 'glass', 'hummus')."""
    head = noun_phrase.split()[-1].lower() if noun_phrase.split() else ""
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is", "ics"))


class Naming(NamedTuple):
    """How copy refers to what is advertised."""

    named: bool
    """Whether the brief names a product or brand at all."""
    full: str
    """'Lumen solar camping lantern', 'Acme CRM', 'oat-milk latte', 'Lumen' (a brand alone)."""
    the: str
    """In a sentence: 'the Lumen solar camping lantern', 'Lumen', 'the product'."""
    short: str
    """A second mention: 'Lumen', 'the latte', 'it'."""
    brand: str
    plural: bool
    title: str
    """For a concept title: 'Lumen', 'Oat-Milk Latte', '' when unnamed."""


def naming(brief: Brief) -> Naming:
    """How to name the brief's product in copy."""
    product, brand = brief.product.strip(), brief.brand.strip()
    if product == UNNAMED or not product:
        if brand:
            return Naming(True, brand, brand, brand, brand, False, brand)
        return Naming(False, "product", "the product", "it", "", False, "")
    full = product if not brand or brand.lower() in product.lower() else f"{brand} {product}"
    proper = bool(brand) and full.lower() == brand.lower()
    plural = is_plural(product)
    the = full if proper else f"the {full}"
    head = product.split()[-1]
    short = brand or f"the {head.lower() if not head.isupper() else head}"
    return Naming(True, full, the, short, brand, plural, brand or title_case(product))


def who(brief: Brief) -> str:
    """One person the story can be about: 'a runner' for runners, else 'someone'."""
    return SINGULAR_AUDIENCE.get(brief.audience.lower().strip(), "someone")


def audience_line(brief: Brief) -> str:
    """' Made for runners.' when the brief names an audience, else ''."""
    if brief.audience.startswith("a broad"):
        return ""
    return f" Made for {brief.audience}."


def listing(words: list[str]) -> str:
    """'cosy', 'cosy and warm', 'cosy, autumn and playful'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
