"""Post copy on disk: ``<campaign>/exports/copy/<platform>-<kind>.md`` and ``.json``, written atomically."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from pydantic import ValidationError

from agent.copywriting.limits import COPY_LIMITS, KIND_STYLES
from agent.copywriting.models import PostCopy

log = logging.getLogger(__name__)
COPY_DIR = Path("exports") / "copy"


def copy_dir(folder: Path) -> Path:
    """Where a campaign's post copy lives."""
    return folder / COPY_DIR


def partial_path(out: Path) -> Path:
    """A unique ``*.partial`` name beside ``out`` (swept on resume if a run dies mid-write)."""
    return out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")


def write_atomic(path: Path, text: str) -> Path:
    """Write a ``*.partial`` file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(path)
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def markdown(copy: PostCopy) -> str:
    """The copy as a page the social team can read and paste from."""
    style = KIND_STYLES[copy.kind]
    lines = [
        f"# {copy.label}",
        "",
        f"Campaign `{copy.campaign_id}` · written by {copy.writer} · {copy.created_at:%Y-%m-%d %H:%M} UTC",
        "",
    ]
    lines += [f"> {note}" for note in copy.notes] + ([""] if copy.notes else [])
    single = style.heading.rstrip("s") if copy.kind.value == "captions" else style.heading
    for index, item in enumerate(copy.items, start=1):
        lines += [f"## {single} {index}" if len(copy.items) > 1 else f"## {single}", ""]
        if item.title:
            lines += [f"**Title:** {item.title}", ""]
        lines += [item.text(), ""]
    return "\n".join(lines)


def save_copy(copy: PostCopy, folder: Path) -> tuple[Path, Path]:
    """The ``.md`` and ``.json`` of one platform and kind (a later copy of the same pair replaces it)."""
    target = copy_dir(folder)
    json_path = write_atomic(target / f"{copy.stem}.json", copy.model_dump_json(indent=2))
    return write_atomic(target / f"{copy.stem}.md", markdown(copy)), json_path


def _order(copy: PostCopy) -> tuple[int, int]:
    platforms = list(COPY_LIMITS)
    kinds = list(KIND_STYLES)
    return (platforms.index(copy.platform) if copy.platform in platforms else len(platforms), kinds.index(copy.kind))


def saved_copies(folder: Path) -> list[PostCopy]:
    """Every copy saved for a campaign, platform by platform; an unreadable file is skipped with a warning."""
    copies = []
    for path in sorted(copy_dir(folder).glob("*.json")):
        try:
            copies.append(PostCopy.model_validate_json(path.read_text(encoding="utf-8")))
        except (OSError, ValidationError) as exc:
            log.warning("skipping unreadable post copy %s: %s", path.name, exc)
    return sorted(copies, key=_order)


def copy_files(folder: Path) -> list[Path]:
    """The ``.md`` and ``.json`` files of every saved copy, for the zip."""
    target = copy_dir(folder)
    paths = [target / f"{c.stem}{ext}" for c in saved_copies(folder) for ext in (".md", ".json")]
    return [p for p in paths if p.is_file()]
