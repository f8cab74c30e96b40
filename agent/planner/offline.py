"""The offline planner: deterministic concept and storyboard, no LLM, no network."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.briefs import parse_brief
from agent.domain import Brief, Concept, Scene, Storyboard
from agent.languages import DEFAULT, language_name, voice_for
from agent.planner import models as routing
from agent.planner.concept import offline_concept
from agent.planner.scenes import (
    DEFAULT_GUIDANCE,
    base_lighting,
    camera_move,
    compose_prompt,
    description,
    negative_prompt,
    on_screen_text,
    scene_count,
    split_duration,
    stable_seed,
    voiceover_line,
)
from agent.planner.soundtrack import score
from agent.planner.vocabulary import ARCS
from agent.progress import ProgressHandler
from tools.catalog import Catalog, Tier
from tools.platforms import PLATFORMS
from tools.recipe import Capability
from tools.routes import Routes

KEYFRAME = Capability.TEXT_TO_IMAGE
MOTION = Capability.IMAGE_TO_VIDEO
VOICE = Capability.TEXT_TO_SPEECH

# Feedback words that change a scene's lighting or framing.
LIGHTING_SHIFTS: tuple[tuple[str, str], ...] = (
    (r"\b(darker|dark|moodier|night)\b", "low-key lighting, darker exposure, deep shadows"),
    (r"\b(brighter|lighter|sunnier)\b", "bright high-key lighting"),
    (r"\b(warmer|golden)\b", "warm golden light"),
    (r"\b(cooler|colder|blue)\b", "cool blue light"),
)
FRAMING_SHIFTS: tuple[tuple[str, str], ...] = (
    (r"\b(closer|tighter|close-up)\b", "close-up hero shot"),
    (r"\b(wider|pull back|establishing)\b", "wide establishing shot"),
)
MOVE_SHIFTS: tuple[tuple[str, str], ...] = (
    (r"\b(static|still|locked)\b", "static"),
    (r"\b(push in|zoom in)\b", "push_in"),
    (r"\b(pull out|zoom out)\b", "pull_out"),
    (r"\bpan left\b", "pan_left"),
    (r"\bpan right\b", "pan_right"),
    (r"\b(orbit|drift)\b", "drift"),
)


class OfflinePlanner:
    """Plans from rules and the catalog; same brief → same plan."""

    name = "offline"

    def __init__(
        self, catalog: Catalog, *, routes: Routes | None = None, variations: int = 3, voice: str = "en-us"
    ) -> None:
        self.catalog = catalog
        self.routes = routes or Routes()
        """The providers configured for this process: what can run shapes the plan."""
        self.variations = variations
        self.voice = voice

    async def read_brief(
        self,
        text: str,
        *,
        platforms: list[str] | None = None,
        duration_s: float | None = None,
        budget_usd: float | None = None,
        on_progress: ProgressHandler | None = None,
    ) -> Brief:
        """The brief as the rules read it; explicit arguments win. Raises :class:`agent.briefs.BriefError`.

        ``on_progress`` hears about long reads (the LLM planner's); the rules are instant.
        """
        return parse_brief(text, platforms=platforms, duration_s=duration_s, budget_usd=budget_usd)

    def concept(self, brief: Brief, feedback: list[str], revision: int = 0) -> Concept:
        """The concept for a brief, revised by any feedback."""
        return offline_concept(brief, feedback, revision)

    async def draft_concept(self, brief: Brief, feedback: list[str], revision: int = 0) -> Concept:
        """What graph nodes call (the LLM planner overrides it)."""
        return self.concept(brief, feedback, revision)

    async def draft_storyboard(self, brief: Brief, concept: Concept, recalls: Sequence[str] = ()) -> Storyboard:
        """What graph nodes call (the LLM planner overrides it and reads ``recalls``; rules need none)."""
        return self.storyboard(brief, concept)

    def describe(self) -> str:
        """Which planner this is, for the user."""
        return "offline planner (rules and the catalog; no LLM)"

    async def aclose(self) -> None:
        """Release connections (the offline planner has none)."""

    def storyboard(self, brief: Brief, concept: Concept) -> Storyboard:
        """Scenes hook → story → product → CTA with prompts, seeds, models and cost."""
        purposes = ARCS[scene_count(brief.duration_s)]
        durations = split_duration(brief.duration_s, purposes)
        scenes: list[Scene] = []
        for index, (purpose, duration) in enumerate(zip(purposes, durations, strict=True), start=1):
            shot, move = camera_move(purpose, concept.mood)
            text = description(purpose, brief, concept)
            lighting = base_lighting(concept)
            scenes.append(
                Scene(
                    index=index,
                    purpose=purpose,
                    description=text,
                    duration_s=duration,
                    shot_type=shot,
                    camera_move=move,
                    lighting=lighting,
                    on_screen_text=on_screen_text(purpose, brief, concept),
                    voiceover=voiceover_line(purpose, brief, concept, duration, [s.voiceover for s in scenes]),
                    prompt=compose_prompt(
                        purpose=purpose,
                        brief=brief,
                        concept=concept,
                        shot=shot,
                        move=move,
                        lighting=lighting,
                        subject=text,
                    ),
                    negative_prompt=negative_prompt(brief, concept),
                    seed=stable_seed(brief.raw, concept.revision, index),
                    guidance=DEFAULT_GUIDANCE,
                    models=[],
                )
            )
        notes = []
        if brief.language != DEFAULT:
            notes.append(
                f"The brief is in {language_name(brief.language)}: the offline planner writes its scene copy in "
                f"English, spoken with the {language_name(brief.language)} voice. An LLM planner writes it in "
                f"{language_name(brief.language)} (see the README's LLM settings)."
            )
        return self.route(self._unpriced(scenes, brief, notes), brief, concept)

    def _unpriced(self, scenes: list[Scene], brief: Brief, notes: list[str] | None = None) -> Storyboard:
        """An unpriced storyboard in the first platform's frame."""
        primary = PLATFORMS[brief.platforms[0]]
        return Storyboard(
            scenes=scenes,
            master_aspect=primary.format.aspect_ratio,
            width=primary.format.width,
            height=primary.format.height,
            fps=primary.fps,
            variations=self.variations,
            voice=voice_for(brief.language, self.voice),
            estimated_cost_usd=0.0,
            provider_cost_usd=0.0,
            notes=notes or [],
        )

    def route(self, board: Storyboard, brief: Brief, concept: Concept) -> Storyboard:
        """Choose models for every scene within budget and price the plan."""
        notes = list(board.notes)
        megapixels = board.width * board.height / 1_000_000
        tiers = {KEYFRAME: Tier.FAST, MOTION: Tier.FAST, VOICE: Tier.QUALITY}
        plans = {
            t: self._preferences(board, brief, concept, tiers | {MOTION: t}, megapixels)
            for t in (Tier.QUALITY, Tier.FAST)
        }
        totals = {t: sum(p.cost for row in rows for p in row) for t, rows in plans.items()}
        budget = brief.budget_usd
        if budget is not None and totals[Tier.QUALITY] <= budget:
            chosen = plans[Tier.QUALITY]
            notes.append(f"Quality-tier motion fits the ${budget:g} budget (${totals[Tier.QUALITY]:.2f}).")
        else:
            chosen = plans[Tier.FAST]
            if budget is not None and totals[Tier.FAST] > budget:
                notes.append(
                    f"Over budget: fast-tier models cost about ${totals[Tier.FAST]:.2f} against "
                    f"${budget:g}. Shorten the cut, drop a platform or raise the budget."
                )
                notes.append(self._cheapest_note(board, megapixels))
        scenes = [
            scene.model_copy(update={"models": [routing.finalize(p, self.catalog, self.routes) for p in prefs]})
            for scene, prefs in zip(board.scenes, chosen, strict=True)
        ]
        notes += _model_notes(scenes, self.catalog, self.routes)
        scored = score(
            board.model_copy(update={"scenes": scenes, "notes": notes}), brief, concept, self.catalog, self.routes
        )
        return priced(scored)

    def _cheapest_note(self, board: Storyboard, megapixels: float) -> str:
        """The cheapest runnable model per capability and what the plan would cost with them."""
        total, names = 0.0, {}
        for scene in board.scenes:
            work = routing.Work(scene.duration_s, board.variations, megapixels, len(scene.voiceover))
            for cap in (KEYFRAME, MOTION, VOICE):
                options = routing.routable(
                    self.catalog, self.routes, cap, board.master_aspect if cap is not VOICE else None
                )
                spec = min(options, key=lambda m: routing.unit_cost(m, cap, work))
                total += routing.unit_cost(spec, cap, work)
                names[cap] = spec.name
        listed = ", ".join(f"{cap.value.replace('_', ' ')}: {name}" for cap, name in names.items())
        return f"Cheapest alternative: about ${total:.2f} with {listed}."

    def _preferences(
        self, board: Storyboard, brief: Brief, concept: Concept, tiers: dict[Capability, Tier], megapixels: float
    ) -> list[list[routing.Preference]]:
        out: list[list[routing.Preference]] = []
        for scene in board.scenes:
            work = routing.Work(scene.duration_s, board.variations, megapixels, len(scene.voiceover))
            strengths = {
                KEYFRAME: "drafts",
                MOTION: routing.video_strength(scene.purpose, scene.duration_s, concept.style, concept.mood),
                VOICE: "natural voices",
            }
            row: list[routing.Preference] = []
            for cap in (KEYFRAME, MOTION, VOICE):
                aspect = board.master_aspect if cap is not VOICE else None
                costs = {
                    m.id: routing.unit_cost(m, cap, work)
                    for m in routing.routable(self.catalog, self.routes, cap, aspect)
                }
                spec, reason = routing.choose(
                    self.catalog,
                    self.routes,
                    cap,
                    tier=tiers[cap],
                    strength=strengths[cap],
                    aspect=aspect,
                    cost_of=costs,
                )
                row.append(routing.Preference(cap, spec, reason, costs[spec.id]))
            out.append(row)
        return out

    def switch_model(self, board: Storyboard, index: int, model_id: str) -> tuple[Storyboard, Capability]:
        """Put ``model_id`` on scene ``index`` for the capability it offers; return the board and capability."""
        spec = self.catalog.get(model_id)
        scene = board.scene(index)
        capability = next(c.capability for c in scene.models if c.capability in spec.capabilities)
        work = routing.Work(
            scene.duration_s, board.variations, board.width * board.height / 1_000_000, len(scene.voiceover)
        )
        preference = routing.Preference(
            capability, spec, f"{spec.name}: chosen by the marketer", routing.unit_cost(spec, capability, work)
        )
        choice = routing.finalize(preference, self.catalog, self.routes)
        models = [choice if c.capability == capability else c for c in scene.models]
        scenes = [s.model_copy(update={"models": models}) if s.index == index else s for s in board.scenes]
        return priced(board.model_copy(update={"scenes": scenes})), capability

    def revise_scene(
        self, board: Storyboard, brief: Brief, concept: Concept, index: int, feedback: str, *, new_seed: bool = False
    ) -> Storyboard:
        """Apply feedback to one scene (and/or give it a new seed); other scenes are untouched."""
        scene = board.scene(index)
        text = feedback.lower()
        lighting, shot, move = scene.lighting, scene.shot_type, scene.camera_move
        for pattern, value in LIGHTING_SHIFTS:
            if re.search(pattern, text):
                lighting = value
        for pattern, value in FRAMING_SHIFTS:
            if re.search(pattern, text):
                shot = value
        for pattern, value in MOVE_SHIFTS:
            if re.search(pattern, text):
                move = value
        notes = [*scene.feedback, feedback] if feedback else list(scene.feedback)
        subject = scene.description if not feedback else f"{scene.description.split(' (')[0]} ({'; '.join(notes)})"
        seed = stable_seed(scene.seed, "regenerate", len(notes)) if new_seed else scene.seed
        revised = scene.model_copy(
            update={
                "lighting": lighting,
                "shot_type": shot,
                "camera_move": move,
                "feedback": notes,
                "description": subject,
                "seed": seed,
                "prompt": compose_prompt(
                    purpose=scene.purpose,
                    brief=brief,
                    concept=concept,
                    shot=shot,
                    move=move,
                    lighting=lighting,
                    subject=subject,
                ),
            }
        )
        scenes = [revised if s.index == index else s for s in board.scenes]
        return board.model_copy(update={"scenes": scenes})


def priced(board: Storyboard) -> Storyboard:
    """The board with its cost totals recomputed from its model choices (the music bed's included)."""
    choices = [c for s in board.scenes for c in s.models] + ([board.music.model] if board.music else [])
    estimated = sum(c.estimated_cost_usd for c in choices)
    provider = sum(c.preferred_cost_usd or c.estimated_cost_usd for c in choices)
    return board.model_copy(update={"estimated_cost_usd": round(estimated, 4), "provider_cost_usd": round(provider, 4)})


FIELD_NAMES = {"seed": "seed", "negative_prompt": "negative prompt", "guidance": "guidance"}


def _model_notes(scenes: list[Scene], catalog: Catalog, routes: Routes) -> list[str]:
    """What the marketer should know before approving: local fallbacks, ignored parameters, seeds."""
    notes: list[str] = []
    choices = [c for s in scenes for c in s.models]
    local = sorted({c.preferred_model_id for c in choices if c.preferred_model_id})
    if local and len(local) == len({c.preferred_model_id or c.model_id for c in choices}):
        notes.append(
            "No provider is configured, so every step runs on local draft backends at $0 "
            "(storyboard frames, ffmpeg camera moves, espeak-ng voice) — they are not the real models."
        )
    elif local:
        notes.append(f"No configured provider serves {', '.join(local)}: those steps run on local draft backends.")
    ignored: dict[str, set[str]] = {}
    for scene in scenes:
        for choice in scene.models:
            used = {"seed"} | ({"negative_prompt"} if scene.negative_prompt else set())
            used |= {"guidance"} if choice.capability is Capability.TEXT_TO_IMAGE else set()
            missing = routes.unsupported(choice.model_id, choice.capability) & used
            if missing and not choice.preferred_model_id:
                ignored.setdefault(choice.model_id, set()).update(missing)
    for model_id, fields in sorted(ignored.items()):
        names = ", ".join(FIELD_NAMES[f] for f in sorted(fields))
        notes.append(
            f"{catalog.get(model_id).name} via {routes.route(model_id)} cannot honour: {names} "
            "(kept in the recipe, ignored by the provider)."
        )
    for model_id in sorted({c.preferred_model_id or c.model_id for c in choices}):
        spec = catalog.get(model_id)
        if not spec.local and not spec.honours_seed:
            notes.append(f"{spec.name} does not honour seeds: re-running a shot gives a different take.")
    return notes
