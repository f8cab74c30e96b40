"""From the campaign's approved takes to a :class:`~tools.delivery.pipeline.Cut`, and the report and zip."""

from __future__ import annotations

from pathlib import Path

from agent.copywriting.limits import rules_for
from agent.copywriting.models import PostCopy
from agent.copywriting.store import COPY_DIR, copy_files, saved_copies
from agent.domain import Scene
from agent.manifest import build_manifest, write_manifest
from agent.state import CampaignState
from tools.delivery.audio import MAX_TEMPO, Effect, VoiceClip
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
    shots, voices, lines, effects, on_screen = [], [], [], [], []
    start = 0.0
    for scene, seconds in scenes:
        clip = clips[scene.index]
        effects += scene_audio(state, scene.index, clip, start, seconds)
        size = (clip.media.width, clip.media.height) if clip.media.width and clip.media.height else None
        shots.append(Shot(clip=Path(clip.path), duration_s=seconds, size=size))
        voice = state.voiceovers.get(scene.index)
        if voice is not None and voice.media.duration_s:
            spoken = voice.media.duration_s
            voices.append(VoiceClip(path=Path(voice.path), start_s=start, duration_s=spoken, scene_s=seconds))
            shown = min(seconds, spoken / min(MAX_TEMPO, max(1.0, spoken / seconds)))
            lines.append(Line(text=scene.voiceover, start_s=start, duration_s=shown))
        if scene.on_screen_text:
            on_screen.append(Line(text=scene.on_screen_text, start_s=start, duration_s=seconds))
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
        on_screen=on_screen,
        mood=state.concept.mood,
        master=master,
        variations=variations,
        interpolate=interpolate,
        music=state.storyboard is None or state.storyboard.music is not None,
        music_file=Path(state.music.path) if state.music is not None else None,
        effects=effects,
        kit=state.kit,
        draft_label=DRAFT_LABEL
        if any(clips[s.index].recipe.model_id.startswith("local/") for s, _ in scenes)
        else None,
    )


NATIVE_GAIN = 0.8
"""A clip's own audio (Veo's ``generate_audio``) sits just under the voice, above the bed."""


def scene_audio(state: CampaignState, index: int, clip: Asset, start_s: float, seconds: float) -> list[Effect]:
    """A scene's sounds on the timeline: its planned effect, and the clip's own audio when the model made it."""
    out = []
    sound = state.sounds.get(index)
    if sound is not None and sound.media.duration_s:
        out.append(Effect(path=Path(sound.path), start_s=start_s, duration_s=min(seconds, sound.media.duration_s)))
    native = state.clips.get(index, clip)  # the take as generated (an upscaled copy may have lost its audio)
    if native.recipe.extra.get("generate_audio") == "true" and native.media.audio_codec:
        out.append(Effect(path=Path(native.path), start_s=start_s, duration_s=seconds, gain=NATIVE_GAIN))
    return out


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
