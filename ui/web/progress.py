"""Live progress of a running stage as a Chainlit step: what is being made, how far, how long."""

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


def render(events: dict[str, Progress], elapsed_s: float, *, done: bool = False) -> str:
    """'keyframes ▰▰▱▱ 2/4 · scene 1 · variation 2' per stage, then the elapsed time."""
    lines = []
    for stage, e in events.items():
        filled = round(8 * e.done / e.total) if e.total else 8
        bar = "▰" * filled + "▱" * (8 - filled)
        label = f" · {e.label}" if e.label else ""
        lines.append(f"{stage:<10} {bar} {e.done}/{e.total}{label}")
    lines.append(f"{'done in' if done else 'elapsed'} {elapsed_s:.1f} s")
    return "```\n" + "\n".join(lines) + "\n```"


class LiveStep:
    """A chat step fed by the graph's progress events and refreshed twice a second while work runs."""

    def __init__(self, name: str) -> None:
        self.events: dict[str, Progress] = {}
        self.step = cl.Step(name=name, type="run", default_open=True, metadata=replay.metadata())
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
        self.step.output = render(self.events, time.monotonic() - self.started, done=exc is None)
        self.step.is_error = exc is not None
        await self.step.update()
