"""``--reference [role=]PATH``: checked, kept by sha256 in the data folder, with its role."""

from __future__ import annotations

from pathlib import Path

from agent.conversation.references import ReferenceArgError, split_reference
from agent.state import ReferenceImage
from ui.web.uploads import UploadRejected, keep


class ReferenceProblem(ValueError):
    """A ``--reference`` that cannot be used; the message says what to do."""


def load_references(values: list[str], folder: Path) -> list[ReferenceImage]:
    """Each ``[role=]PATH`` read, checked and stored under ``folder``; the same file twice is kept once."""
    kept: dict[str, ReferenceImage] = {}
    for value in values:
        try:
            role, raw = split_reference(value)
        except ReferenceArgError as exc:
            raise ReferenceProblem(str(exc)) from None
        path = Path(raw).expanduser()
        if not path.is_file():
            raise ReferenceProblem(f"--reference {value}: no file at {path}; give the path of a PNG or JPEG image")
        try:
            ref = keep(path, path.name, folder)
        except (UploadRejected, OSError) as exc:
            raise ReferenceProblem(f"--reference {value}: {exc}") from None
        kept[ref.sha256] = ref.model_copy(update={"role": role})
    return list(kept.values())
