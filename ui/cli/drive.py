"""The terminal's side of a conversation: print what a turn shows, read the next answer, hand it back.

The turn logic lives in the conversation core; this module only maps keys and numbers to the options a
card offers, and everything else to a free-text turn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.prompt import Prompt

from agent.conversation.messages import Turn, TurnResult
from agent.conversation.turns import Conversation, Working
from agent.conversation.views import CheckpointView, Option
from agent.domain import DecisionKind, Stage
from agent.progress import Progress as ProgressEvent
from ui.cli.views import message, options_line

KEYS = {"a": DecisionKind.APPROVE, "r": DecisionKind.REDIRECT, "c": DecisionKind.CANCEL}
"""Single-key shortcuts for the options most cards offer (numbers pick any option)."""


def live_progress(console: Console) -> Working:
    """A ``working`` callback for the conversation: a label, then rich progress bars per stage."""

    @asynccontextmanager
    async def working(label: str) -> AsyncIterator[Callable[[ProgressEvent], None]]:
        console.print(f"[dim]{label}…[/dim]")
        tasks: dict[str, TaskID] = {}
        columns = (
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[label]}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bars:

            def update(event: ProgressEvent) -> None:
                if event.stage not in tasks:
                    tasks[event.stage] = bars.add_task(event.stage, total=event.total, label="")
                bars.update(tasks[event.stage], completed=event.done, total=event.total, label=event.label)

            yield update

    return working


def answer_to_turn(answer: str, view: CheckpointView, console: Console) -> Turn:
    """A number or shortcut key presses that option; 'g' and 'p' ask one more thing; the rest is free text."""
    key = answer.strip().lower()
    if key.isdigit() and 1 <= int(key) <= len(view.options):
        return Turn(press=view.options[int(key) - 1].press)
    chosen: Option | None = None
    if key in KEYS:
        chosen = next((o for o in view.options if o.press.kind == KEYS[key]), None)
    elif key == "g":
        scene = Prompt.ask("regenerate which scene", console=console).strip().removeprefix("scene").strip()
        chosen = next(
            (o for o in view.options if o.press.kind == DecisionKind.REGENERATE and str(o.press.scene) == scene), None
        )
    elif key == "p":
        return Turn(text=Prompt.ask("picks as scene=variation (e.g. 1=2 2=1)", console=console))
    if chosen is not None:
        return Turn(press=chosen.press)
    return Turn(text=answer)


def approval(view: CheckpointView) -> Option | None:
    """The card's plain approve option (none on a version offer, where the marketer chooses how)."""
    if view.stage is Stage.DERIVATIVE:
        return None
    return next((o for o in view.options if o.press.kind == DecisionKind.APPROVE), None)


async def drive(console: Console, conv: Conversation, result: TurnResult, *, auto: bool = False) -> TurnResult:
    """Show each turn's messages and answer checkpoints until the campaign is delivered, cancelled or paused.

    With ``auto``, each checkpoint is answered with its approve option as soon as it is shown (the keyframes'
    approve takes the first variation of each scene), so the cards print as the campaign reaches them.
    """
    current: CheckpointView | None = None
    while True:
        for item in result.messages:
            message(console, item)
        if result.campaign_id is None and conv.asked is not None and not auto:
            try:  # the brief's length or budget read two ways: the answer starts the campaign
                answer = Prompt.ask("your answer", console=console)
            except (EOFError, KeyboardInterrupt):
                return result
            result = await conv.turn(None, Turn(text=answer))
            continue
        if result.status != "waiting" or result.campaign_id is None:
            return result
        current = result.checkpoint or current
        if current is None:
            return result
        approve = approval(current) if auto else None
        if approve is not None:
            console.print(f"[green]✓[/green] auto-approved the {current.stage.value}")
            result = await conv.turn(result.campaign_id, Turn(press=approve.press))
            continue
        console.print(options_line(current))
        try:
            answer = Prompt.ask(
                "choose a number or key (a/r/p/g/c) — or say what you want", default="a", console=console
            )
        except (EOFError, KeyboardInterrupt):
            console.print(
                f"\n[yellow]Paused at {current.stage.value}.[/yellow] Continue with: studio resume {result.campaign_id}"
            )
            return result
        result = await conv.turn(result.campaign_id, answer_to_turn(answer, current, console))
