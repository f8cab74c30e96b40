"""When a provider refuses a scene (safety system, budget), the scene is blocked, not the campaign.

The next checkpoint shows the reason, a suggested rewrite and alternatives of the same capability;
nothing is switched silently.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from pydantic import BaseModel

from tools.catalog import Catalog
from tools.jobs.ledger import BudgetExceeded
from tools.providers.base import ModerationRejected
from tools.recipe import Asset, Capability

RISKY = re.compile(
    r"\b(blood\w*|gun\w*|weapon\w*|nude|naked|sexy|kill\w*|violen\w*|drug\w*|celebrity|famous|logo\w* of \w+)\b",
    re.IGNORECASE,
)


class Alternative(BaseModel):
    """Another model that can do the same work."""

    model_id: str
    name: str
    tier: str
    estimated_usd: float


class Blocked(BaseModel):
    """A scene's generation that a provider refused."""

    scene: int
    capability: Capability
    model_id: str
    kind: str
    """``moderation`` or ``budget``."""
    reason: str
    suggestion: str
    alternatives: list[Alternative] = []


def suggest_rewrite(prompt: str) -> str:
    """A safer wording: words that safety filters often flag are removed."""
    cleaned = " ".join(RISKY.sub("", prompt).split())
    if cleaned != prompt:
        return cleaned
    return "Describe only the product, the setting and the light; avoid real people, brands, weapons and injury."


def alternatives(
    catalog: Catalog,
    capability: Capability,
    model_id: str,
    estimate: Callable[[str], float],
    available: Callable[[str], bool],
) -> list[Alternative]:
    """Other runnable models with the same capability, cheapest first."""
    options = [
        Alternative(model_id=m.id, name=m.name, tier=m.tier.value, estimated_usd=round(estimate(m.id), 4))
        for m in catalog.for_capability(capability)
        if m.id != model_id and available(m.id)
    ]
    return sorted(options, key=lambda a: a.estimated_usd)[:4]


async def guarded(
    job: Callable[[], Awaitable[Asset]],
    *,
    scene: int,
    capability: Capability,
    model_id: str,
    prompt: str,
    options: Callable[[], list[Alternative]],
) -> Asset | Blocked:
    """Run a generation; a safety or budget refusal becomes a :class:`Blocked` record."""
    try:
        return await job()
    except ModerationRejected as exc:
        return Blocked(
            scene=scene,
            capability=capability,
            model_id=model_id,
            kind="moderation",
            reason=f"{exc.provider}: {exc.reason}",
            suggestion=suggest_rewrite(prompt),
            alternatives=options(),
        )
    except BudgetExceeded as exc:
        return Blocked(
            scene=scene,
            capability=capability,
            model_id=model_id,
            kind="budget",
            reason=str(exc),
            suggestion="Raise the budget, shorten the cut, or switch this scene to a cheaper model.",
            alternatives=options(),
        )
