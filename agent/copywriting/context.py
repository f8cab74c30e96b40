"""What copy is written from: the campaign's concept, brief, product, brand and audience."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from agent.domain import Brief, Concept
from agent.planner.vocabulary import TAGLINES
from agent.state import CampaignState

UNNAMED = frozenset({"", "our product", "product", "the product", "your product"})
"""What the brief parser says when the brief named no product."""
UNNAMED_PHRASE = "our latest launch"
BROAD_AUDIENCE = "a broad social audience"


class CopyContextError(ValueError):
    """The campaign has nothing to write copy from yet."""


@dataclass(frozen=True)
class CopyContext:
    """The campaign facts every writer uses."""

    campaign_id: str
    brief: Brief
    concept: Concept
    product: str
    """As an object: 'the trail shoe', 'the Lumen solar camping lantern', 'Lumen'."""
    product_noun: str | None
    """As a noun, with the brand: 'Lumen solar lantern'; ``None`` when the brief named no product."""
    bare_noun: str | None
    """The product as the brief named it, without an added brand: 'solar lantern'."""
    brand: str | None
    audience: str | None
    """``None`` for the parser's default broad audience."""
    tagline: str
    key_message: str
    duration_s: float
    seed: int
    """Stable per brief and concept: which phrasing each index starts from."""

    @property
    def product_subject(self) -> str:
        """The product at the start of a sentence."""
        return self.product[:1].upper() + self.product[1:]

    @property
    def mood(self) -> str:
        """The concept's mood (the brief's tone, as redirected)."""
        return self.concept.mood


def _is_proper(name: str) -> bool:
    """'Lumen', 'Air Max' or "Northwind's cold brew" take no article; 'Lumen solar lantern' does."""
    words = name.split()
    if words and re.search(r"['’]s$", words[0]):
        return True  # "Northwind's new cold brew": the possessive is the determiner
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def product_phrase(product: str, brand: str | None) -> tuple[str, str | None, str | None]:
    """(object phrase, noun, bare noun): the brand is prefixed when the product does not already name it."""
    bare = " ".join(product.split())
    for article in ("the ", "a ", "an ", "our ", "my "):
        if bare.lower().startswith(article):
            bare = bare[len(article) :]
    if bare.lower() in UNNAMED or product.strip().lower() in UNNAMED:
        return (brand, brand, None) if brand else (UNNAMED_PHRASE, None, None)
    noun = f"{brand} {bare}" if brand and brand.lower() not in bare.lower() else bare
    return (noun if _is_proper(noun) else f"the {noun}"), noun, bare


def _brand(state: CampaignState) -> str | None:
    """The campaign's brand, or one the brief parser found (a ``brand`` field, when the brief model has one)."""
    found = state.brand or getattr(state.brief, "brand", None)
    return found.strip() if isinstance(found, str) and found.strip() else None


def copy_context(state: CampaignState) -> CopyContext:
    """The facts of a campaign with a concept; raises :class:`CopyContextError` before there is one."""
    if state.brief is None or state.concept is None:
        raise CopyContextError("There is no concept yet to write copy from; approve or wait for the concept first.")
    brief, concept = state.brief, state.concept
    brand = _brand(state)
    product, noun, bare = product_phrase(brief.product, brand)
    audience = brief.audience.strip()
    key_message = " ".join(concept.key_message.split()) or f"{TAGLINES['inspiring']}."
    duration = state.storyboard.duration_s if state.storyboard else brief.duration_s
    digest = hashlib.sha256(f"{brief.raw}|{concept.title}".encode()).hexdigest()
    return CopyContext(
        campaign_id=state.campaign_id,
        brief=brief,
        concept=concept,
        product=product,
        product_noun=noun,
        bare_noun=bare,
        brand=brand,
        audience=None if audience.lower() == BROAD_AUDIENCE or not audience else audience,
        tagline=TAGLINES.get(concept.mood) or key_message.rstrip(".!"),
        key_message=key_message if key_message[-1:] in ".!?" else f"{key_message}.",
        duration_s=duration,
        seed=int(digest[:8], 16),
    )
