"""The LLM planner: concept and storyboard from an OpenAI-compatible model, checked like any input.

The model fills strict schemas (:mod:`agent.llm.schemas`); its answer is then held to the same rules
as the offline planner's: catalog model ids a configured provider can run, the budget, durations that
add up, every part of the prompt anatomy. An invalid answer is retried once with the error; a second
failure (or an unreachable server) falls back to the offline planner, and the plan says so.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import TypeVar

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError

from agent.domain import Brief, Concept, ConceptOption, ModelChoice, Scene, ScenePurpose, Storyboard
from agent.llm.schemas import ConceptDrafts, SceneDraft, StoryboardDraft
from agent.planner import models as routing
from agent.planner.concept import title_case
from agent.planner.offline import OfflinePlanner, _model_notes, priced
from agent.planner.scenes import (
    DEFAULT_GUIDANCE,
    negative_prompt,
    split_duration,
    stable_seed,
)
from agent.planner.vocabulary import MOVE_WORDS
from prompts import load_prompt
from tools.catalog import Catalog
from tools.local.palettes import palette_for
from tools.platforms import PLATFORMS
from tools.recipe import Capability

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
CAPS = {
    "image_model": Capability.TEXT_TO_IMAGE,
    "video_model": Capability.IMAGE_TO_VIDEO,
    "voice_model": Capability.TEXT_TO_SPEECH,
}


class PlanRejected(ValueError):
    """The model's answer breaks a rule the plan must keep."""


class LLMUnavailable(RuntimeError):
    """The LLM could not be reached or gave no usable answer."""


class LLMPlanner(OfflinePlanner):
    """Plans with an LLM; the offline planner is its fallback."""

    name = "llm"

    def __init__(
        self,
        catalog: Catalog,
        client: AsyncOpenAI,
        model: str,
        *,
        variations: int = 3,
        voice: str = "en-us",
    ) -> None:
        super().__init__(catalog, variations=variations, voice=voice)
        self.client = client
        self.model = model

    def describe(self) -> str:
        """Which planner this is."""
        return f"LLM planner ({self.model})"

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.close()

    async def _ask(self, schema: type[T], user: str, check: object = None, recalls: Sequence[str] = ()) -> T:
        """One structured answer; retried once with the validation error.

        ``recalls`` are this campaign's remembered recipes: passed per call, never kept on the planner,
        which every user of the workspace shares.
        """
        system = load_prompt("planner_system").render(recalls="\n".join(recalls) or "none")
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        error: Exception | None = None
        for _ in range(2):
            try:
                completion = await self.client.chat.completions.parse(
                    model=self.model,
                    messages=messages,
                    response_format=schema,
                )
                parsed = completion.choices[0].message.parsed
                if parsed is None:
                    raise PlanRejected("the answer was empty or refused")
                if callable(check):
                    check(parsed)
                return parsed
            except (ValidationError, PlanRejected, openai.LengthFinishReasonError, json.JSONDecodeError) as exc:
                error = exc
                log.warning("LLM answer rejected: %s", exc)
                messages += [
                    {
                        "role": "user",
                        "content": f"Your answer was not usable: {_short(exc)}. "
                        "Answer again, following the schema and the rules.",
                    }
                ]
            except openai.OpenAIError as exc:
                raise LLMUnavailable(_short(exc)) from exc
        raise LLMUnavailable(f"two unusable answers; last: {_short(error)}")

    async def draft_concept(self, brief: Brief, feedback: list[str], revision: int = 0) -> Concept:
        """The concept (with alternatives for a vague brief), or the offline one with a notice."""
        user = load_prompt("planner_concept").render(
            brief_json=brief.model_dump_json(exclude={"raw"}),
            brief_text=brief.raw,
            feedback="\n".join(feedback) or "none",
        )
        try:
            drafts = await self._ask(ConceptDrafts, user)
        except LLMUnavailable as exc:
            fallback = self.concept(brief, feedback, revision)
            return fallback.model_copy(update={"planner": f"offline (LLM planner failed: {exc})"})
        first, *others = drafts.concepts
        return Concept(
            title=first.title or title_case(brief.product),
            logline=first.logline,
            mood=first.mood,
            style=first.style,
            palette=[s.name for s in palette_for(first.mood)],
            key_message=first.key_message,
            revision=revision,
            feedback=list(feedback),
            planner=f"llm ({self.model})",
            alternatives=[ConceptOption(**o.model_dump()) for o in others],
        )

    async def draft_storyboard(self, brief: Brief, concept: Concept, recalls: Sequence[str] = ()) -> Storyboard:
        """The storyboard from the LLM (told this campaign's ``recalls``), checked; or the offline one with a notice."""
        primary = PLATFORMS[brief.platforms[0]]
        megapixels = primary.format.width * primary.format.height / 1_000_000
        allowed = {field: self._allowed(cap, primary.format.aspect_ratio) for field, cap in CAPS.items()}
        user = load_prompt("planner_storyboard").render(
            brief_json=brief.model_dump_json(exclude={"raw"}),
            concept_json=concept.model_dump_json(
                include={"title", "logline", "mood", "style", "palette", "key_message"}
            ),
            brief_text=brief.raw,
            scene_range="3 to 6",
            duration_s=f"{brief.duration_s:g}",
            frame=f"{primary.format.aspect_ratio} {primary.format.width}x{primary.format.height}",
            image_models=", ".join(allowed["image_model"]),
            video_models=", ".join(allowed["video_model"]),
            voice_models=", ".join(allowed["voice_model"]),
            budget=f"${brief.budget_usd:g}" if brief.budget_usd is not None else "none given",
            prices=self._prices(allowed),
        )

        def check(draft: StoryboardDraft) -> None:
            self._check(draft, brief, allowed, megapixels)

        try:
            draft = await self._ask(StoryboardDraft, user, check, recalls)
        except LLMUnavailable as exc:
            board = self.storyboard(brief, concept)
            notice = f"The LLM planner failed ({exc}); the offline planner made this storyboard."
            return board.model_copy(
                update={"notes": [notice, *board.notes], "planner": f"offline (LLM planner failed: {exc})"}
            )
        return self._board(draft, brief, concept, megapixels)

    def _allowed(self, capability: Capability, aspect: str) -> list[str]:
        return [
            m.id
            for m in routing.routable(
                self.catalog, capability, None if capability is Capability.TEXT_TO_SPEECH else aspect
            )
        ]

    def _prices(self, allowed: dict[str, list[str]]) -> str:
        specs = [self.catalog.get(i) for ids in allowed.values() for i in ids]
        return "; ".join(f"{s.id} ${s.price.amount_usd:g}/{s.price.unit.value}" for s in specs if s.price)

    def _check(self, draft: StoryboardDraft, brief: Brief, allowed: dict[str, list[str]], megapixels: float) -> None:
        """Raise :class:`PlanRejected` with every broken rule, so the retry can fix them all."""
        problems = []
        for i, scene in enumerate(draft.scenes, start=1):
            for field, ids in allowed.items():
                if getattr(scene, field) not in ids:
                    problems.append(f"scene {i}: {field} {getattr(scene, field)!r} is not one of {ids}")
        if not problems and brief.budget_usd is not None:
            cost = sum(c for s in draft.scenes for c in self._costs(s, megapixels).values())
            if cost > brief.budget_usd:
                problems.append(
                    f"the models cost about ${cost:.2f}, over the ${brief.budget_usd:g} budget; choose cheaper models"
                )
        total = sum(s.duration_s for s in draft.scenes)
        if abs(total - brief.duration_s) > 0.05 * brief.duration_s:
            problems.append(f"scene durations add up to {total:g} s, not {brief.duration_s:g} s")
        if problems:
            raise PlanRejected("; ".join(problems))

    def _costs(self, scene: SceneDraft, megapixels: float) -> dict[Capability, float]:
        work = routing.Work(scene.duration_s, self.variations, megapixels, len(scene.voiceover))
        return {
            cap: routing.unit_cost(self.catalog.get(getattr(scene, field)), cap, work) for field, cap in CAPS.items()
        }

    def _board(self, draft: StoryboardDraft, brief: Brief, concept: Concept, megapixels: float) -> Storyboard:
        purposes = tuple(ScenePurpose(s.purpose) for s in draft.scenes)
        exact = split_duration(brief.duration_s, purposes, [s.duration_s for s in draft.scenes])
        scenes = []
        for index, (item, seconds) in enumerate(zip(draft.scenes, exact, strict=True), start=1):
            costs = self._costs(item, megapixels)
            choices: list[ModelChoice] = [
                routing.finalize(
                    routing.Preference(cap, self.catalog.get(getattr(item, field)), item.reason, costs[cap]),
                    self.catalog,
                )
                for field, cap in CAPS.items()
            ]
            prompt = load_prompt("scene_prompt").render(
                subject=item.subject,
                environment=item.environment,
                camera=f"{item.shot_type}, {MOVE_WORDS[item.camera_move]}",
                lighting=item.lighting,
                style=item.style,
                realism=item.realism,
                motion=item.motion,
                tone=item.tone,
            )
            negatives = ", ".join(p for p in (item.negative_prompt, negative_prompt(brief, concept)) if p)
            scenes.append(
                Scene(
                    index=index,
                    purpose=ScenePurpose(item.purpose),
                    description=item.description,
                    duration_s=seconds,
                    shot_type=item.shot_type,
                    camera_move=item.camera_move,
                    lighting=item.lighting,
                    on_screen_text=item.on_screen_text,
                    voiceover=item.voiceover,
                    prompt=prompt,
                    negative_prompt=negatives,
                    seed=stable_seed(brief.raw, concept.revision, index),
                    guidance=DEFAULT_GUIDANCE,
                    models=choices,
                )
            )
        notes = [f"Planned by the {self.describe()}.", *_model_notes(scenes, self.catalog)]
        board = priced(self._unpriced(scenes, brief, notes))
        return board.model_copy(update={"planner": f"llm ({self.model})"})


def _short(exc: object) -> str:
    return " ".join(str(exc).split())[:600]
