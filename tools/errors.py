"""Errors raised by tools; each message says what to do about it."""

from __future__ import annotations


class ToolError(RuntimeError):
    """A tool could not produce its output."""


class UnknownModelError(KeyError):
    """A model id is not in the catalog."""

    def __init__(self, model_id: str, known: list[str], retired: str | None = None) -> None:
        super().__init__(model_id)
        self.model_id = model_id
        self.known = known
        self.retired = retired
        """Why the model is gone and what replaces it, when it was retired."""

    def __str__(self) -> str:
        if self.retired:
            return self.retired
        return f"unknown model {self.model_id!r}; catalog ids include: {', '.join(self.known[:12])}…"


class NoBackendError(LookupError):
    """No backend can run a catalog model (no provider configured, no local backend)."""


class MediaError(ToolError):
    """ffmpeg or a media probe failed; carries the tail of ffmpeg's own message."""
