"""Live progress of running work as a Chainlit step, in plain words: what is being made, how far, how long.

The conversation core calls its ``working(label)`` callback around every long step; :class:`LiveStep` is
that callback here: ``async with LiveStep("Making keyframes") as on_progress`` opens a step named after the
work and feeds it the graph's progress events, refreshed twice a second while the work runs.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

import chainlit as cl

from agent.progress import Progress
from ui.web import replay

TICK_S = 0.5
IDLE_REFRESH_S = 2.0
"""With no new progress, the elapsed time is refreshed this often (each update is also a history write)."""
STAGE_WORDS = {
    "keyframes": "Keyframes",
    "takes": "Clips and voiceover",
    "exports": "Exports",
    "derivative": "New version",
}
SHOW_TIME_AFTER_S = 1.0
"""Work shorter than this says no time at all ('done in 0.0 s' says nothing)."""


def line(stage: str, event: Progress, *, done: bool) -> str:
    """'Keyframes: scene 2 · variation 1 — 3 of 8 done' (or '8 of 8 done' once finished)."""
    what = STAGE_WORDS.get(stage, stage.replace("_", " ").capitalize())
    label = event.label if event.label and event.label != "starting" and not done else ""
    count = f"{event.done} of {event.total} done" if event.total else "done" if done else "starting"
    if label and not event.total:  # a wait with no count ('waiting for qwen2.5 (brief): 35 s')
        return f"{what}: {label}"
    return f"{what}: {label} — {count}" if label else f"{what}: {count}"


def seconds(elapsed_s: float) -> str:
    """'12 s' or '2 min 5 s'."""
    whole = round(elapsed_s)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def render(events: dict[str, Progress], elapsed_s: float, *, done: bool = False, failed: bool = False) -> str:
    """The step's text: a line per stage in words, then how long it has taken (markdown, no code block)."""
    lines = [line(stage, e, done=done) for stage, e in events.items()]
    if failed:
        lines.append(f"Stopped after {seconds(elapsed_s)}.")
    elif elapsed_s >= SHOW_TIME_AFTER_S:
        lines.append(f"Took {seconds(elapsed_s)}." if done else f"{seconds(elapsed_s)} so far…")
    return "\n\n".join(lines)


class LiveStep:
    """A chat step fed by the graph's progress events; the conversation's ``working`` callback."""

    def __init__(self, name: str) -> None:
        self.events: dict[str, Progress] = {}
        self.step = cl.Step(
            name=name, type="tool", show_input=False, default_open=True, language=None, metadata=replay.metadata()
        )
        self.started = time.monotonic()
        self._ticker: asyncio.Task[None] | None = None
        self._changed = False

    def __call__(self, event: Progress) -> None:
        """The service's ``on_progress`` handler."""
        self.events[event.stage] = event
        self._changed = True

    async def __aenter__(self) -> LiveStep:
        self.step.output = render(self.events, 0.0)
        await self.step.send()
        self._ticker = asyncio.create_task(self._tick())
        return self

    async def _tick(self) -> None:
        shown = time.monotonic()
        while True:
            await asyncio.sleep(TICK_S)
            now = time.monotonic()
            if not self._changed and now - shown < IDLE_REFRESH_S:
                continue
            self._changed, shown = False, now
            self.step.output = render(self.events, now - self.started)
            await self.step.update()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        elapsed = time.monotonic() - self.started
        self.step.output = render(self.events, elapsed, done=exc is None, failed=exc is not None)
        self.step.is_error = exc is not None
        await self.step.update()
