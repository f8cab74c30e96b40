"""From the campaign's approved takes to a :class:`~tools.delivery.pipeline.Cut`, and the report and zip."""

from __future__ import annotations

from pathlib import Path

from agent.copywriting.limits import rules_for
from agent.copywriting.models import PostCopy
from agent.copywriting.store import COPY_DIR, copy_files, saved_copies
from agent.domain import Scene
from agent.manifest import build_manifest, write_manifest
from agent.state import CampaignState
from tools.delivery.audio import MAX_TEMPO, VoiceClip
from tools.delivery.captions import Line
from tools.delivery.deliverables import CopyPiece, CopySection, bundle, report
from tools.delivery.pipeline import Cut
from tools.delivery.render import Shot
from tools.platforms import Format
from tools.recipe import Asset

DRAFT_LABEL = "LOCAL DRAFT · made with local backends, not the real models"


def build_cut(
    state: CampaignState,
    scenes: list[tuple[Scene, float]],
    clips: dict[int, Asset],
    master: Format,
    *,
    interpolate: bool = False,
) -> Cut:
    """Shots, voice lines and captions for the given scenes at the given lengths."""
    assert state.concept is not None
    shots, voices, lines = [], [], []
    start = 0.0
    for scene, seconds in scenes:
        clip = clips[scene.index]
        size = (clip.media.width, clip.media.height) if clip.media.width and clip.media.height else None
        shots.append(Shot(clip=Path(clip.path), duration_s=seconds, size=size))
        voice = state.voiceovers.get(scene.index)
        if voice is not None and voice.media.duration_s:
            spoken = voice.media.duration_s
            voices.append(VoiceClip(path=Path(voice.path), start_s=start, duration_s=spoken, scene_s=seconds))
            shown = min(seconds, spoken / min(MAX_TEMPO, max(1.0, spoken / seconds)))
            lines.append(Line(text=scene.voiceover, start_s=start, duration_s=shown))
        start += seconds
    variations = {
        i: [(Path(a.path), f"v{a.variation}", a.id == state.picks.get(i)) for a in frames]
        for i, frames in state.keyframes.items()
    }
    return Cut(
        name=state.concept.title,
        shots=shots,
        voices=voices,
        lines=lines,
        mood=state.concept.mood,
        master=master,
        variations=variations,
        interpolate=interpolate,
        draft_label=DRAFT_LABEL
        if any(clips[s.index].recipe.model_id.startswith("local/") for s, _ in scenes)
        else None,
    )


def copy_section(copy: PostCopy) -> CopySection:
    """Saved post copy as the report shows it."""
    rules = rules_for(copy.platform, copy.kind)
    return CopySection(
        platform=rules.label,
        heading=rules.heading,
        writer=copy.writer,
        file=(COPY_DIR / f"{copy.stem}.md").as_posix(),
        pieces=[CopyPiece(title=item.title, text=item.text()) for item in copy.items],
        notes=copy.notes,
    )


def write_report_and_zip(state: CampaignState, root: Path) -> tuple[Path, Path]:
    """The HTML report and the deliverables zip (exports that failed QA are left out).

    Post copy saved in ``exports/copy/`` (before or after delivery) goes into both.
    """
    write_manifest(state, root)
    delivery = state.delivery
    qa = (
        {p: d.qa.model_dump(mode="json") | {"passed": d.qa.passed} for p, d in delivery.platforms.items()}
        if delivery
        else {}
    )
    copy = [copy_section(c) for c in saved_copies(root)]
    page = report(build_manifest(state, root), root, qa, root / "report.html", copy)
    files = [*(delivery.files() if delivery else []), page, root / "manifest.json", *copy_files(root)]
    files += [Path(a.path) for d in state.derivatives for a in d.exports if a.status.value != "rejected"]
    return page, bundle(files, root, root / f"{state.campaign_id}.zip")
