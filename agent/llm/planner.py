"""The LLM planner: concept and storyboard from an OpenAI-compatible model, checked like any input.

Each request carries a schema built for it (:mod:`agent.llm.schemas`: model ids as enums of the routes
configured for each capability, bounded scene counts) and a token limit sized to it. The answer is then
held to the offline planner's rules; what a rule can fix is repaired and noted (:mod:`agent.llm.repairs`),
what it cannot is sent back once with the model's previous answer and every problem (:mod:`agent.llm.asking`).
What stays invalid is replaced by the offline planner's, scene by scene where it can be; an unreachable
server or an answer that never parses gives the offline plan for that part, and the plan says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from openai import AsyncOpenAI

from agent.domain import (
    Brief,
    Concept,
    ConceptOption,
    ModelChoice,
    PlannerRun,
    PlanOutcome,
    Scene,
    ScenePurpose,
    Storyboard,
)
from agent.languages import language_name
from agent.llm.asking import Asker, LLMUnavailable, Request, Review, fallback_run
from agent.llm.brief import read_brief
from agent.llm.repairs import long_voiceovers, repair_durations, repair_models, trim_voiceover, unusable_voiceovers
from agent.llm.schemas import (
    ConceptDraft,
    ConceptDrafts,
    SceneDraft,
    StoryboardDraft,
    concept_schema,
    storyboard_schema,
)
from agent.planner import models as routing
from agent.planner.concept import is_vague, title_case
from agent.planner.offline import OfflinePlanner, _model_notes, priced
from agent.planner.scenes import (
    DEFAULT_GUIDANCE,
    negative_prompt,
    scene_count,
    split_duration,
    stable_seed,
    voiceover_line,
)
from agent.planner.soundtrack import score
from agent.planner.vocabulary import MOVE_WORDS, WORDS_PER_SECOND
from agent.planner.wording import naming
from agent.progress import ProgressHandler
from prompts import load_prompt
from tools.catalog import Catalog
from tools.local.palettes import palette_for
from tools.platforms import PLATFORMS
from tools.recipe import Capability
from tools.routes import Routes

log = logging.getLogger(__name__)
CAPS = {
    "image_model": Capability.TEXT_TO_IMAGE,
    "video_model": Capability.IMAGE_TO_VIDEO,
    "voice_model": Capability.TEXT_TO_SPEECH,
}
CONCEPT_TOKENS = 220
"""Tokens per concept in the answer (a title, a logline and a key message), plus a little framing."""
SCENE_TOKENS = 400
"""Tokens per scene in a storyboard answer (nineteen short fields; two small models ran past 320)."""
SIMILAR = 0.9
"""Cosine similarity (MiniLM) above which two concept alternatives count as the same direction."""
Embed = Callable[[list[str]], NDArray[np.float32]]


def minilm(texts: list[str]) -> NDArray[np.float32]:
    """The MiniLM already used by memory/ (loaded once per process, on first use)."""
    from memory.embeddings import default_embedder

    return default_embedder().embed(texts)


class LLMPlanner(OfflinePlanner):
    """Plans with an LLM; the offline planner fills in whatever the LLM's answer cannot supply."""

    name = "llm"

    def __init__(
        self,
        catalog: Catalog,
        client: AsyncOpenAI,
        model: str,
        *,
        variations: int = 3,
        voice: str = "en-us",
        routes: Routes | None = None,
        token_field: str = "max_tokens",
        embed: Embed = minilm,
    ) -> None:
        super().__init__(catalog, routes=routes, variations=variations, voice=voice)
        self.client = client
        self.model = model
        self.asker = Asker(client, model, token_field=token_field)
        self.embed = embed

    def describe(self) -> str:
        """Which planner this is."""
        return f"LLM planner ({self.model})"

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.client.close()

    def _system(self, recalls: Sequence[str] = ()) -> str:
        return load_prompt("planner_system").render(recalls="\n".join(recalls) or "none")

    # -- brief ---------------------------------------------------------------------------------------

    async def read_brief(
        self,
        text: str,
        *,
        platforms: list[str] | None = None,
        duration_s: float | None = None,
        budget_usd: float | None = None,
        on_progress: ProgressHandler | None = None,
    ) -> Brief:
        """The LLM's reading, cross-checked by the rules; the rules' alone if the LLM cannot answer.

        Raises :class:`agent.briefs.BriefError` for a brief that cannot be planned, and its
        :class:`agent.briefs.BriefQuestion` when the two readings disagree on the length or budget.
        """
        rules = await super().read_brief(text, platforms=platforms, duration_s=duration_s, budget_usd=budget_usd)
        given = {"platforms": platforms, "duration_s": duration_s, "budget_usd": budget_usd}
        fixed = frozenset(name for name, value in given.items() if value is not None)
        try:
            return await read_brief(self.asker, self._system(), rules, fixed, on_progress)
        except LLMUnavailable as exc:
            return rules.model_copy(update={"run": fallback_run("brief", self.model, exc)})

    # -- concept ---------------------------------------------------------------------------------------

    async def draft_concept(self, brief: Brief, feedback: list[str], revision: int = 0) -> Concept:
        """The concept (alternatives only for a vague brief), checked; or the offline one with the reason."""
        vague = is_vague(brief) and not feedback
        request = Request(
            part="concept",
            name="concepts",
            schema=concept_schema(3 if vague else 1),
            max_tokens=100 + CONCEPT_TOKENS * (3 if vague else 1),
            system=self._system(),
            user=load_prompt("planner_concept").render(
                brief_json=brief.model_dump_json(exclude={"raw", "run"}),
                brief_text=brief.raw,
                feedback="\n".join(feedback) or "none",
                count="2 or 3 distinct alternatives, best first" if vague else "exactly one concept",
                language=language_name(brief.language),
            ),
        )
        try:
            answer = await self.asker.ask(request, ConceptDrafts, lambda d: self._review_concept(d, brief, vague))
        except LLMUnavailable as exc:
            fallback = self.concept(brief, feedback, revision)
            run = fallback_run("concept", self.model, exc)
            return fallback.model_copy(update={"planner": f"offline (LLM planner failed: {exc})", "run": run})
        drafts, run = answer.review.value, answer.run
        offline_options: list[ConceptOption] = []
        if answer.review.problems:
            drafts, fixes = self._settle_concept(drafts, brief)
            if vague and len(drafts.concepts) < 2:
                offline_options = self.concept(brief, feedback, revision).alternatives[: 3 - len(drafts.concepts)]
                fixes.append(f"{len(offline_options)} alternative(s) from the offline planner")
            run = run.model_copy(
                update={
                    "repairs": [*run.repairs, *fixes],
                    "outcome": PlanOutcome.PARTIAL if offline_options else PlanOutcome.REPAIRED,
                }
            )
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
            run=run,
            alternatives=[ConceptOption(**o.model_dump()) for o in others] + offline_options,
        )

    def _review_concept(self, drafts: ConceptDrafts, brief: Brief, vague: bool) -> Review[ConceptDrafts]:
        """One direction for a clear brief; the brief's mood and product kept; alternatives that differ."""
        repairs: list[str] = []
        concepts = list(drafts.concepts)
        if not vague and len(concepts) > 1:
            repairs.append(f"the brief is clear: kept the first of {len(concepts)} directions")
            concepts = concepts[:1]
        problems = []
        if _explicit_mood(brief) and concepts[0].mood != brief.tone:
            problems.append(f"the brief asks for a {brief.tone} mood; the concept's mood is {concepts[0].mood}")
        product = _product_words(brief)
        if product and not any(_names(c, product) for c in concepts[:1]):
            problems.append(f"the concept must name the product '{product}' in its title, logline or key message")
        problems += [
            f"concepts {i + 1} and {j + 1} are the same direction (similarity {score:.2f}); make each one different"
            for i, j, score in self._duplicates(concepts)
        ]
        return Review(drafts.model_copy(update={"concepts": concepts}), repairs, problems)

    def _settle_concept(self, drafts: ConceptDrafts, brief: Brief) -> tuple[ConceptDrafts, list[str]]:
        """Fix by rule what the retry left: duplicates dropped, the brief's mood and product put back."""
        concepts, fixes = list(drafts.concepts), []
        duplicates = {j for _, j, _ in self._duplicates(concepts)}
        if duplicates:
            concepts = [c for k, c in enumerate(concepts) if k not in duplicates]
            fixes.append(f"dropped {len(duplicates)} near-duplicate alternative(s)")
        first = concepts[0]
        if _explicit_mood(brief) and first.mood != brief.tone:
            fixes.append(f"mood set to the brief's {brief.tone} (the model wrote {first.mood})")
            first = first.model_copy(update={"mood": brief.tone})
        product = _product_words(brief)
        if product and not _names(first, product):
            fixes.append(f"the product '{product}' put into the title")
            first = first.model_copy(update={"title": f"{title_case(product)}: {first.title}"})
        return ConceptDrafts(concepts=[first, *concepts[1:]]), fixes

    def _duplicates(self, concepts: list[ConceptDraft]) -> list[tuple[int, int, float]]:
        if len(concepts) < 2:
            return []
        vectors = self.embed([f"{c.title}. {c.logline} {c.key_message}" for c in concepts])
        scores = vectors @ vectors.T
        return [
            (i, j, float(scores[i, j]))
            for i in range(len(concepts))
            for j in range(i + 1, len(concepts))
            if scores[i, j] >= SIMILAR
        ]

    # -- storyboard ------------------------------------------------------------------------------------

    async def draft_storyboard(self, brief: Brief, concept: Concept, recalls: Sequence[str] = ()) -> Storyboard:
        """The storyboard from the LLM (told this campaign's ``recalls``), checked and repaired; offline where not."""
        primary = PLATFORMS[brief.platforms[0]]
        megapixels = primary.format.width * primary.format.height / 1_000_000
        allowed = {field: self._allowed(cap, primary.format.aspect_ratio) for field, cap in CAPS.items()}
        usual = scene_count(brief.duration_s)  # about one scene per five seconds
        scenes = (max(3, usual - 1), min(6, usual + 1))
        words = max(3, int(brief.duration_s / usual * WORDS_PER_SECOND))  # a line for an average scene
        request = Request(
            part="storyboard",
            name="storyboard",
            schema=storyboard_schema(allowed, scenes=scenes, duration_s=brief.duration_s),
            max_tokens=100 + SCENE_TOKENS * scenes[1],
            system=self._system(recalls),
            user=load_prompt("planner_storyboard").render(
                brief_json=brief.model_dump_json(exclude={"raw", "run"}),
                concept_json=concept.model_dump_json(
                    include={"title", "logline", "mood", "style", "palette", "key_message"}
                ),
                brief_text=brief.raw,
                scene_range=f"{scenes[0]} to {scenes[1]}",
                duration_s=f"{brief.duration_s:g}",
                frame=f"{primary.format.aspect_ratio} {primary.format.width}x{primary.format.height}",
                image_models=", ".join(allowed["image_model"]),
                video_models=", ".join(allowed["video_model"]),
                voice_models=", ".join(allowed["voice_model"]),
                budget=f"${brief.budget_usd:g}" if brief.budget_usd is not None else "none given",
                prices=self._prices(allowed),
                language=language_name(brief.language),
                voiceover_words=words,
            ),
        )

        def review(draft: StoryboardDraft) -> Review[StoryboardDraft]:
            return self._review_storyboard(draft, brief, allowed, megapixels)

        try:
            answer = await self.asker.ask(request, StoryboardDraft, review)
        except LLMUnavailable as exc:
            board = self.storyboard(brief, concept)
            notice = f"The LLM planner failed ({exc}); the offline planner made this storyboard."
            return board.model_copy(
                update={
                    "notes": [notice, *board.notes],
                    "planner": f"offline (LLM planner failed: {exc})",
                    "run": fallback_run("storyboard", self.model, exc),
                }
            )
        return self._board(answer.review, answer.run, brief, concept, allowed, megapixels)

    def _review_storyboard(
        self, draft: StoryboardDraft, brief: Brief, allowed: dict[str, list[str]], megapixels: float
    ) -> Review[StoryboardDraft]:
        """Model ids read by name and durations scaled (repairs); unknown models, long lines, over budget (problems)."""
        draft, repairs, problems = repair_models(draft, allowed, self.catalog)
        draft, scaled = repair_durations(draft, brief.duration_s)
        repairs += scaled
        problems += long_voiceovers(draft, brief.duration_s)
        problems += unusable_voiceovers(draft).values()
        if not problems and brief.budget_usd is not None:
            cost = sum(c for s in draft.scenes for c in self._costs(s, megapixels, brief.duration_s, draft).values())
            if cost > brief.budget_usd:
                problems.append(
                    f"the models cost about ${cost:.2f}, over the ${brief.budget_usd:g} budget; choose cheaper models"
                )
        return Review(draft, repairs, problems)

    def _allowed(self, capability: Capability, aspect: str) -> list[str]:
        return [
            m.id
            for m in routing.routable(
                self.catalog, self.routes, capability, None if capability is Capability.TEXT_TO_SPEECH else aspect
            )
        ]

    def _prices(self, allowed: dict[str, list[str]]) -> str:
        specs = [self.catalog.get(i) for ids in allowed.values() for i in ids]
        return "; ".join(f"{s.id} ${s.price.amount_usd:g}/{s.price.unit.value}" for s in specs if s.price)

    def _costs(
        self, scene: SceneDraft, megapixels: float, target_s: float, draft: StoryboardDraft
    ) -> dict[Capability, float]:
        total = sum(s.duration_s for s in draft.scenes) or 1.0
        work = routing.Work(scene.duration_s * target_s / total, self.variations, megapixels, len(scene.voiceover))
        costs = {}
        for field, cap in CAPS.items():
            try:
                spec = self.catalog.get(getattr(scene, field))
            except LookupError:
                continue
            costs[cap] = routing.unit_cost(spec, cap, work)
        return costs

    def _board(
        self,
        review: Review[StoryboardDraft],
        run: PlannerRun,
        brief: Brief,
        concept: Concept,
        allowed: dict[str, list[str]],
        megapixels: float,
    ) -> Storyboard:
        """The checked draft as a storyboard; what is still invalid comes from the offline planner's routing."""
        draft, fixes = review.value, list[str]()
        purposes = tuple(ScenePurpose(s.purpose) for s in draft.scenes)
        exact = split_duration(brief.duration_s, purposes, [s.duration_s for s in draft.scenes])
        items: list[SceneDraft] = []
        offline: list[str] = []
        unusable = unusable_voiceovers(draft)
        for index, (item, seconds) in enumerate(zip(draft.scenes, exact, strict=True), start=1):
            if index in unusable:  # still a refusal or a repeat after the retry: the offline planner's line
                line = voiceover_line(ScenePurpose(item.purpose), brief, concept, seconds, [i.voiceover for i in items])
                item = item.model_copy(update={"voiceover": line})
                offline.append(f"scene {index} voiceover")
            item, trimmed = trim_voiceover(item, seconds)
            if trimmed:
                fixes.append(f"scene {index}: voiceover shortened to fit {seconds:g} s")
            items.append(item.model_copy(update={"duration_s": seconds}))
        scenes = [self._scene(i, item, brief, concept) for i, item in enumerate(items, start=1)]
        routed = self.route(self._unpriced(scenes, brief), brief, concept)
        over_budget = any("budget" in p for p in review.problems)
        final: list[Scene] = []
        for scene, item, fallback in zip(scenes, items, routed.scenes, strict=True):
            choices: list[ModelChoice] = []
            for field, cap in CAPS.items():
                model = getattr(item, field)
                if over_budget or model not in allowed[field]:
                    choices.append(fallback.choice(cap))
                    offline.append(f"scene {scene.index} {field.replace('_', ' ')}")
                    continue
                spec = self.catalog.get(model)
                work = routing.Work(scene.duration_s, self.variations, megapixels, len(scene.voiceover))
                cost = routing.unit_cost(spec, cap, work)
                choices.append(
                    routing.finalize(routing.Preference(cap, spec, item.reason, cost), self.catalog, self.routes)
                )
            final.append(scene.model_copy(update={"models": choices}))
        notes = [f"Planned by the {self.describe()}."]
        repairs = [*run.repairs, *fixes]
        if repairs:
            notes.append("Repaired by rule: " + "; ".join(repairs) + ".")
        outcome = PlanOutcome.REPAIRED if repairs else PlanOutcome.ACCEPTED
        if offline:
            reason = "to fit the budget" if over_budget else "where the LLM's answer stayed invalid"
            notes.append(f"From the offline planner ({reason}): {', '.join(offline)}.")
            outcome = PlanOutcome.PARTIAL
        notes += _model_notes(final, self.catalog, self.routes)
        board = priced(score(self._unpriced(final, brief, notes), brief, concept, self.catalog, self.routes))
        budget = brief.budget_usd
        if budget is not None and board.provider_cost_usd > budget:  # even the offline routing does not fit
            warning = [n for n in routed.notes if n.startswith(("Over budget", "Cheapest alternative"))] or [
                f"Over budget: about ${board.provider_cost_usd:.2f} against ${budget:g}. "
                "Shorten the cut, drop a platform or raise the budget."
            ]
            board = board.model_copy(update={"notes": [*board.notes, *warning]})
        run = run.model_copy(update={"outcome": outcome, "repairs": repairs})
        return board.model_copy(update={"planner": f"llm ({self.model})", "run": run})

    def _scene(self, index: int, item: SceneDraft, brief: Brief, concept: Concept) -> Scene:
        parts = {
            "subject": item.subject,
            "environment": item.environment,
            "camera": f"{item.shot_type}, {MOVE_WORDS[item.camera_move]}",
            "lighting": item.lighting,
            "style": item.style,
            "realism": item.realism,
            "motion": item.motion,
            "tone": item.tone,
        }
        # The template punctuates: a field the model ended with a full stop would read 'launch., '.
        prompt = load_prompt("scene_prompt").render(**{k: v.strip().rstrip(".;,") for k, v in parts.items()})
        negatives = ", ".join(p for p in (item.negative_prompt, negative_prompt(brief, concept)) if p)
        return Scene(
            index=index,
            purpose=ScenePurpose(item.purpose),
            description=item.description,
            duration_s=item.duration_s,
            shot_type=item.shot_type,
            camera_move=item.camera_move,
            lighting=item.lighting,
            on_screen_text=item.on_screen_text,
            voiceover=item.voiceover,
            prompt=prompt,
            negative_prompt=negatives,
            seed=stable_seed(brief.raw, concept.revision, index),
            guidance=DEFAULT_GUIDANCE,
            models=[],
        )


def _explicit_mood(brief: Brief) -> bool:
    """Whether the brief named a mood (the rules default to 'inspiring' when it did not)."""
    return brief.tone != "inspiring" or bool(brief.mood_words)


def _product_words(brief: Brief) -> str:
    """The product as the brief names it, or '' for an unnamed one ('our product')."""
    return brief.product if naming(brief).named else ""


def _names(concept: ConceptDraft, product: str) -> bool:
    """Whether a concept names the product (each word of it, ignoring case)."""
    text = f"{concept.title} {concept.logline} {concept.key_message}".lower()
    return all(word in text for word in product.lower().split() if len(word) > 2)
