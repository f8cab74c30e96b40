"""Plan quality: what a planner makes of each brief, checked property by property."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, computed_field

from agent.briefs import BriefError, BriefQuestion, parse_brief
from agent.domain import Brief, Concept, PlannerRun, PlanOutcome, Storyboard
from agent.planner import OfflinePlanner
from evals.data import BriefCase
from tools.catalog import Catalog
from tools.platforms import PLATFORMS
from tools.routes import Routes

ANATOMY = ("Camera:", "Lighting:", "Style:", "Realism:", "Motion:", "Tone:")
UNGRAMMATICAL = re.compile(r"\bthe (?:our|my|their|the|a|an)\b|\ba an\b|\ban a\b|\.,|,,|\.\.(?!\.)", re.IGNORECASE)
"""Template seams: 'the our product', 'a an', a full stop before a comma."""


class Check(BaseModel):
    """One property of one plan."""

    name: str
    passed: bool
    detail: str = ""


class BriefResult(BaseModel):
    """All checks for one brief."""

    id: str
    checks: list[Check]
    runs: list[PlannerRun] = []
    """What each LLM step did (brief, concept, storyboard); empty for the offline planner."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def latency_s(self) -> float:
        """Seconds spent waiting for the LLM on this brief."""
        return round(sum(r.latency_s for r in self.runs), 1)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tokens(self) -> int:
        """Prompt and completion tokens across this brief's LLM steps."""
        return sum(r.prompt_tokens + r.completion_tokens for r in self.runs)

    def outcome(self, part: str) -> PlanOutcome | None:
        """How the LLM's ``part`` ended, or None when no LLM made it."""
        return next((r.outcome for r in self.runs if r.part == part), None)

    @property
    def score(self) -> float:
        """Share of checks passed."""
        return sum(c.passed for c in self.checks) / len(self.checks) if self.checks else 0.0


# expect key → (check name, what the planner produced, how it must relate to the expectation)
EXPECTED: dict[str, tuple[str, Callable[[Brief, Concept], Any], Callable[[Any, Any], bool]]] = {
    "platforms": ("platforms", lambda b, c: b.platforms, operator.eq),
    "duration_s": ("duration read", lambda b, c: b.duration_s, operator.eq),
    "budget_usd": ("budget read", lambda b, c: b.budget_usd, operator.eq),
    "tone": ("tone", lambda b, c: c.mood, operator.eq),
    "product_contains": ("product", lambda b, c: b.product.lower(), lambda got, want: want in got),
    "alternatives": ("alternatives", lambda b, c: bool(c.alternatives), operator.eq),
    "brand": ("brand", lambda b, c: b.brand, operator.eq),
    "first_platform": ("first platform", lambda b, c: b.platforms[0], operator.eq),
    "mood_words": ("mood words", lambda b, c: c.mood_words, lambda got, want: set(want) <= set(got)),
    "setting_contains": ("setting", lambda b, c: c.setting.lower(), lambda got, want: want in got),
}


def _expected(brief: Brief, concept: Concept, expect: dict[str, Any]) -> list[Check]:
    checks = []
    for key, want in expect.items():
        name, produced, holds = EXPECTED[key]
        got = produced(brief, concept)
        checks.append(Check(name=name, passed=holds(got, want), detail=f"{got} vs {want}"))
    return checks


def plan_checks(brief: Brief, board: Storyboard, catalog: Catalog, routes: Routes) -> list[Check]:
    """The properties every plan must have, whatever the brief."""
    fmt = PLATFORMS[brief.platforms[0]].format
    prompts_ok = all(
        all(label in s.prompt for label in ANATOMY) and s.prompt.split(".")[0].strip() for s in board.scenes
    )
    seeds = [s.seed for s in board.scenes]
    routing_problems = []
    for scene in board.scenes:
        for choice in scene.models:
            runs = catalog.get(choice.model_id)
            if choice.capability not in runs.capabilities or not (runs.local or routes.available(runs.id)):
                routing_problems.append(f"scene {scene.index}: {choice.model_id} cannot run {choice.capability}")
            preferred = catalog.get(choice.preferred_model_id) if choice.preferred_model_id else None
            if preferred is not None and choice.capability not in preferred.capabilities:
                routing_problems.append(
                    f"scene {scene.index}: {choice.preferred_model_id} is not a {choice.capability} model"
                )
    over = brief.budget_usd is not None and board.provider_cost_usd > brief.budget_usd
    if over and not any(n.startswith("Over budget") for n in board.notes):
        routing_problems.append(f"plan costs ${board.provider_cost_usd:.2f} > ${brief.budget_usd} without saying so")
    copy = (
        [s.prompt for s in board.scenes] + [s.description for s in board.scenes] + [s.voiceover for s in board.scenes]
    )
    seams = [t for t in copy if UNGRAMMATICAL.search(t) or (brief.product != "our product" and "our product" in t)]
    lines = [s.voiceover.strip().lower() for s in board.scenes if s.voiceover.strip()]
    return [
        Check(name="grammatical copy", passed=not seams, detail="; ".join(seams)[:160]),
        Check(name="no repeated voiceover", passed=len(set(lines)) == len(lines), detail=" | ".join(lines)[:160]),
        Check(
            name="format",
            passed=(board.width, board.height, board.master_aspect) == (fmt.width, fmt.height, fmt.aspect_ratio),
            detail=f"{board.width}x{board.height}",
        ),
        Check(
            name="duration within 5%",
            passed=abs(board.duration_s - brief.duration_s) <= 0.05 * brief.duration_s,
            detail=f"{board.duration_s} of {brief.duration_s}",
        ),
        Check(name="scene count", passed=3 <= len(board.scenes) <= 6, detail=str(len(board.scenes))),
        Check(name="prompt anatomy", passed=bool(prompts_ok)),
        Check(name="routing", passed=not routing_problems, detail="; ".join(routing_problems)),
        Check(name="seeds recorded", passed=all(isinstance(x, int) for x in seeds) and len(set(seeds)) == len(seeds)),
    ]


async def derivative_check(
    planner: OfflinePlanner, case: BriefCase, brief: Brief, concept: Concept, board: Storyboard
) -> Check:
    """A derivative for another frame keeps each scene's recipe (seed and prompt), changing only the format."""
    other = "youtube" if PLATFORMS[brief.platforms[0]].format.aspect_ratio != "16:9" else "tiktok"
    derived_brief = parse_brief(case.brief, platforms=[other], duration_s=brief.duration_s, budget_usd=brief.budget_usd)
    derived = await planner.draft_storyboard(derived_brief, concept)
    same = [(s.seed, s.prompt) for s in board.scenes] == [(s.seed, s.prompt) for s in derived.scenes]
    reframed = (derived.width, derived.height) != (board.width, board.height)
    return Check(name="derivative keeps recipe", passed=same and reframed)


async def score_brief(planner: OfflinePlanner, case: BriefCase, *, derivatives: bool = True) -> BriefResult:
    """Read, plan and check one brief, the way a campaign does (the planner reads the brief).

    ``derivatives`` re-plans the brief for another frame to check that the recipe holds: one more
    storyboard per brief, which live LLM runs skip.
    """
    if case.error is not None:
        try:
            parse_brief(case.brief)
        except BriefError as exc:
            return BriefResult(
                id=case.id, checks=[Check(name="refused clearly", passed=case.error in str(exc), detail=str(exc)[:120])]
            )
        return BriefResult(id=case.id, checks=[Check(name="refused clearly", passed=False, detail="accepted")])
    try:
        brief = await planner.read_brief(case.brief)
    except BriefQuestion as exc:
        return BriefResult(id=case.id, checks=[Check(name="read without a question", passed=False, detail=str(exc))])
    except BriefError as exc:
        return BriefResult(id=case.id, checks=[Check(name="parsed", passed=False, detail=str(exc))])
    concept = await planner.draft_concept(brief, [])
    board = await planner.draft_storyboard(brief, concept)
    checks = [*_expected(brief, concept, case.expect), *plan_checks(brief, board, planner.catalog, planner.routes)]
    if derivatives:
        checks.append(await derivative_check(planner, case, brief, concept, board))
    runs = [r for r in (brief.run, concept.run, board.run) if r is not None]
    return BriefResult(id=case.id, checks=checks, runs=runs)


async def score_briefs(
    planner: OfflinePlanner,
    cases: list[BriefCase],
    *,
    derivatives: bool = True,
    on_result: Callable[[int, BriefResult], None] | None = None,
) -> list[BriefResult]:
    """Every brief of the suite, in order; ``on_result`` hears of each as it is scored (for progress)."""
    results = []
    for index, case in enumerate(cases, start=1):
        results.append(await score_brief(planner, case, derivatives=derivatives))
        if on_result is not None:
            on_result(index, results[-1])
    return results
