"""Deterministic repairs of an LLM storyboard: what can be fixed by rule is fixed and noted, not rejected."""

from __future__ import annotations

import re

from agent.llm.schemas import SceneDraft, StoryboardDraft
from agent.planner.vocabulary import WORDS_PER_SECOND
from tools.catalog import Catalog


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def match_model(answer: str, allowed: list[str], catalog: Catalog) -> str | None:
    """The one allowed id ``answer`` names (by id or catalog name, ignoring case and punctuation), else None.

    A list copied from the prompt ("kling-2.5-turbo, kling-2.5-turbo-pro") resolves to its first piece that
    names one model.
    """
    names = {i: {_key(i), _key(catalog.get(i).name)} for i in allowed}
    for piece in [answer, *re.split(r",|/|\||\bor\b", answer)]:
        key = _key(piece)
        hits = [i for i, keys in names.items() if key in keys]
        if len(hits) == 1:
            return hits[0]
    return None


def repair_models(
    draft: StoryboardDraft, allowed: dict[str, list[str]], catalog: Catalog
) -> tuple[StoryboardDraft, list[str], list[str]]:
    """Model ids fixed where they name one allowed model; the rest reported as problems."""
    repairs, problems, scenes = [], [], []
    for i, scene in enumerate(draft.scenes, start=1):
        update: dict[str, str] = {}
        for field, ids in allowed.items():
            given = getattr(scene, field)
            if given in ids:
                continue
            fixed = match_model(given, ids, catalog)
            if fixed is not None:
                update[field] = fixed
                repairs.append(f"scene {i}: {field} {given!r} read as {fixed!r}")
            else:
                problems.append(f"scene {i}: {field} {given!r} is not one of {', '.join(ids)}")
        scenes.append(scene.model_copy(update=update))
    return draft.model_copy(update={"scenes": scenes}), repairs, problems


def repair_durations(draft: StoryboardDraft, target_s: float) -> tuple[StoryboardDraft, list[str]]:
    """Durations scaled to add up to the target (the storyboard then rounds them to half-seconds)."""
    total = sum(s.duration_s for s in draft.scenes)
    if total <= 0 or abs(total - target_s) <= 0.05 * target_s:
        return draft, []
    factor = target_s / total
    scenes = [s.model_copy(update={"duration_s": s.duration_s * factor}) for s in draft.scenes]
    return draft.model_copy(update={"scenes": scenes}), [
        f"scene durations added up to {total:g} s; scaled to {target_s:g} s"
    ]


def long_voiceovers(draft: StoryboardDraft, target_s: float) -> list[str]:
    """Voiceover lines too long to speak in their scene (about 2.3 words per second)."""
    total = sum(s.duration_s for s in draft.scenes) or 1.0
    problems = []
    for i, scene in enumerate(draft.scenes, start=1):
        seconds = scene.duration_s * target_s / total
        budget = max(3, int(seconds * WORDS_PER_SECOND * 1.5))
        if len(scene.voiceover.split()) > budget:
            problems.append(
                f"scene {i}: the voiceover has {len(scene.voiceover.split())} words; "
                f"at most {budget} fit in {seconds:.1f} s"
            )
    return problems


def trim_voiceover(scene: SceneDraft, seconds: float) -> tuple[SceneDraft, bool]:
    """The voiceover cut at a word boundary to what fits the scene."""
    words = scene.voiceover.split()
    budget = max(3, int(seconds * WORDS_PER_SECOND * 1.5))
    if len(words) <= budget:
        return scene, False
    return scene.model_copy(update={"voiceover": " ".join(words[:budget]).rstrip(",;:") + "."}), True


REFUSAL = re.compile(
    r"\b(?:i'?m sorry|i am sorry|i can(?:'|no)t (?:assist|help|provide)|as an ai|je suis désolée?|je ne peux pas|"
    r"lo siento|no puedo|es tut mir leid|ich kann (?:keine|nicht)|mi dispiace|non posso|desculpe|não posso)\b",
    re.IGNORECASE,
)
"""A line that is the model declining, not copy ('I'm sorry, I can't assist', 'je ne peux pas …')."""


def unusable_voiceovers(draft: StoryboardDraft) -> dict[int, str]:
    """Scene number → why its voiceover cannot be spoken: a refusal, or a line an earlier scene already says."""
    found, seen = {}, set[str]()
    for i, scene in enumerate(draft.scenes, start=1):
        key = _key(scene.voiceover)
        if REFUSAL.search(scene.voiceover):
            found[i] = f"scene {i}: the voiceover is a refusal, not copy ({scene.voiceover[:60]!r}); write the line"
        elif key and key in seen:
            found[i] = f"scene {i}: the voiceover repeats an earlier scene's line; write a new one"
        seen.add(key)
    return found
