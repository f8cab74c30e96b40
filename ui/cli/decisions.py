"""Ask the marketer for a decision at a checkpoint, in the terminal."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt
from rich.table import Table

from agent.checkpoints import Checkpoint
from agent.domain import Decision, DecisionKind, Stage
from agent.intents.decide import Reply, to_decision
from agent.intents.parser import IntentParser
from agent.intents.schema import ChatContext
from memory.store import ChromaMemory, Recall

KEYS = {
    "a": DecisionKind.APPROVE,
    "r": DecisionKind.REDIRECT,
    "p": DecisionKind.PICK,
    "g": DecisionKind.REGENERATE,
    "c": DecisionKind.CANCEL,
}


def parse_picks(text: str, cp: Checkpoint) -> dict[int, str]:
    """'1=2 3=1' (scene=variation) → {scene: asset id}."""
    picks: dict[int, str] = {}
    for scene_s, variation_s in re.findall(r"(\d+)\s*[=:]\s*(\d+)", text):
        variations = cp.content["keyframes"].get(scene_s)
        if not variations:
            raise ValueError(f"there is no scene {scene_s} to pick for")
        index = int(variation_s)
        if not 1 <= index <= len(variations):
            raise ValueError(f"scene {scene_s} has variations 1–{len(variations)}")
        picks[int(scene_s)] = variations[index - 1]["id"]
    if not picks:
        raise ValueError("write picks as scene=variation, e.g. '1=2 2=1'")
    return picks


def chat_context(cp: Checkpoint) -> ChatContext:
    """What the intent parser should know about this checkpoint."""
    board = cp.content.get("storyboard") or {}
    scenes = len(board.get("scenes", [])) or len(cp.content.get("keyframes", {})) or len(cp.content.get("clips", {}))
    variations = max((len(v) for v in cp.content.get("keyframes", {}).values()), default=0)
    texts = [f"{s.get('description', '')} {s.get('shot_type', '')}" for s in board.get("scenes", [])]
    return ChatContext(stage=cp.stage, scenes=scenes, variations=variations, scene_texts=texts)


async def ask_decision(
    console: Console,
    cp: Checkpoint,
    parser: IntentParser,
    memory: ChromaMemory | None = None,
    show_recalls: Callable[[list[Recall]], Table] | None = None,
) -> Decision | Reply:
    """Prompt until the answer makes a decision: a menu key, or a request in your own words.

    A request for another version at the final checkpoint comes back as a :class:`Reply` to act on.
    """
    options = {k: v for k, v in KEYS.items() if v in cp.allowed}
    menu = " / ".join(escape(f"[{k}]") + f" {v.value}" for k, v in options.items())
    while True:
        answer = Prompt.ask(f"{menu} — or say what you want", default="a", console=console).strip()
        try:
            if answer.lower() in options:
                kind = options[answer.lower()]
                if kind is DecisionKind.PICK:
                    text = Prompt.ask("picks as scene=variation (e.g. 1=2 2=1)", console=console)
                    return Decision(kind=kind, picks=parse_picks(text, cp))
                if kind in (DecisionKind.REDIRECT, DecisionKind.REGENERATE):
                    return _redirect(console, cp, kind)
                return Decision(kind=kind)
            outcome = to_decision(await parser.parse(answer, chat_context(cp)), cp)
            if isinstance(outcome, Reply) and outcome.derive_platform:
                if cp.stage is Stage.FINAL:
                    return outcome
                console.print("Other versions come after the final files are approved; ask again at that point.")
                continue
            if isinstance(outcome, Reply):
                console.print(outcome.text)
                if outcome.memory_query and memory is not None and show_recalls is not None:
                    found = memory.search(outcome.memory_query, k=5)
                    console.print(show_recalls(found) if found else "Nothing remembered yet for that.")
                continue
            return outcome
        except ValueError as exc:
            console.print(f"[red]{exc}[/red]")


def _redirect(console: Console, cp: Checkpoint, kind: DecisionKind) -> Decision:
    feedback = ""
    if kind is DecisionKind.REDIRECT:
        feedback = Prompt.ask("what should change?", console=console)
    if cp.stage is Stage.CONCEPT:
        return Decision(kind=kind, feedback=feedback, target=Stage.CONCEPT)
    scenes = len(cp.content.get("storyboard", {}).get("scenes", [])) or len(cp.content.get("keyframes", {}))
    where = Prompt.ask("which scene number (or 'concept', blank = every scene)", default="", console=console)
    return Decision(kind=kind, feedback=feedback, **parse_target(where, scenes))


def parse_target(text: str, scenes: int) -> dict[str, Any]:
    """'2' → scene 2, 'concept' → the concept, '' → every scene; anything else explains itself."""
    where = text.strip().lower().removeprefix("scene").strip()
    if where == "concept":
        return {"target": Stage.CONCEPT}
    if not where:
        return {}
    if not where.isdigit():
        span = f" (1–{scenes})" if scenes else ""
        raise ValueError(f"answer a scene number{span}, 'concept', or leave it blank")
    return {"scene": int(where)}
