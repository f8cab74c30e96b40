"""The finishing pipeline: one soundtrack, then per platform captions, the MP4, its QA and cover."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from tools.brand import BrandKit
from tools.delivery.audio import Effect, Loudness, VoiceClip, render_soundtrack
from tools.delivery.brandqa import brand_qa
from tools.delivery.captions import Cue, Line, cues, supers, write_ass, write_srt, write_vtt
from tools.delivery.deliverables import TimelineClip, contact_sheet, cover, timeline
from tools.delivery.endcard import END_CARD_S, end_card
from tools.delivery.framing import Framing, Window, best_window, resolve, shot_saliency
from tools.delivery.qa import QAReport, qa
from tools.delivery.render import FONTS, Shot, Transition, render_platforms
from tools.local.music import render_pad
from tools.platforms import PLATFORMS, Format, Platform

TRANSITIONS = {
    "energetic": Transition.CUT,
    "playful": Transition.CUT,
    "bold": Transition.CUT,
    "dramatic": Transition.DIP,
    "calm": Transition.CROSSFADE,
    "luxurious": Transition.CROSSFADE,
    "minimal": Transition.CROSSFADE,
    "warm": Transition.CROSSFADE,
    "inspiring": Transition.CROSSFADE,
    "trustworthy": Transition.CROSSFADE,
}


class Cut(BaseModel):
    """Everything the finish needs: shots in order, voice lines, the look, and variations for contact sheets."""

    name: str
    shots: list[Shot]
    voices: list[VoiceClip]
    lines: list[Line]
    mood: str
    on_screen: list[Line] = []
    """Each scene's on-screen text (super) over its scene: burned once, here."""
    master: Format
    variations: dict[int, list[tuple[Path, str, bool]]] = {}
    music: bool = True
    music_file: Path | None = None
    """The campaign's music bed (a catalog music model's track); ``None`` with ``music`` renders the local pad."""
    effects: list[Effect] = []
    """Scene sound effects and clips' native audio, ducked under the voice with the bed."""
    interpolate: bool = False
    framing: Framing = Framing.AUTO
    """How platforms of another aspect than the master get their frame."""
    draft_label: str | None = None
    """Set when local backends made the shots: burned in at the top of cropped exports, whose crop may
    have cut the keyframes' own label."""
    kit: BrandKit | None = None
    """The brand kit: its font for captions, its logo end card, its QA."""

    @property
    def duration_s(self) -> float:
        """Total length."""
        return round(sum(s.duration_s for s in self.shots), 3)


class PlatformDelivery(BaseModel):
    """One platform's files and its QA."""

    platform: str
    video: Path
    srt: Path
    vtt: Path
    cover: Path
    qa: QAReport
    framing: Framing | None = None
    """``crop`` or ``fill`` when the platform's aspect differs from the master's; ``None`` for a plain scale."""
    windows: list[Window] = []
    """Per-shot crop windows in master pixels (``crop`` only)."""

    def recipe_extra(self) -> dict[str, str]:
        """The framing, for the export's recipe."""
        extra = {"platform": self.platform}
        if self.framing is not None:
            extra["framing"] = self.framing.value
        if self.windows:
            extra["crop_windows"] = ";".join(f"{w.x},{w.y},{w.w},{w.h}" for w in self.windows)
        return extra


class Delivery(BaseModel):
    """All files of a finished cut."""

    soundtrack: Path
    music: Path | None
    loudness_before: Loudness
    platforms: dict[str, PlatformDelivery]
    contact_sheets: list[Path]
    timeline: Path
    transition: Transition

    def files(self, *, shipped_only: bool = True) -> list[Path]:
        """Files for the zip; exports that failed QA are left out."""
        files: list[Path] = [*self.contact_sheets, self.timeline]
        for item in self.platforms.values():
            if item.qa.passed or not shipped_only:
                files += [item.video, item.srt, item.vtt, item.cover]
        return files


async def deliver(
    cut: Cut, platform_ids: list[str], folder: Path, progress: Callable[[int, int, str], None] | None = None
) -> Delivery:
    """Render every platform of a cut into ``folder`` and check each export."""
    folder.mkdir(parents=True, exist_ok=True)
    steps, done = len(platform_ids) + 2, 0
    if cut.kit is not None:
        cut = with_end_card(cut, cut.kit, [PLATFORMS[p] for p in platform_ids], folder)
    font = cut.kit.font_family if cut.kit and cut.kit.font and cut.kit.font_family else None
    fonts = Path(cut.kit.font.path).parent if cut.kit and cut.kit.font and font else FONTS

    def tick(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, label)

    music = cut.music_file
    if music is None and cut.music:
        music = await render_pad(cut.mood, cut.duration_s, folder / "music-bed.wav")
    soundtrack, before = await render_soundtrack(
        cut.voices, cut.duration_s, folder / "soundtrack.wav", music, cut.effects
    )
    tick("soundtrack")
    captions: list[Cue] = cues(cut.lines)
    transition = TRANSITIONS.get(cut.mood, Transition.CUT)
    presets = [PLATFORMS[p] for p in platform_ids]
    framings = {p.id: resolve(cut.framing, cut.master, p.format) for p in presets}
    crops = await crop_windows(cut, [p for p in presets if framings[p.id] is Framing.CROP])
    subtitles = {
        p.id: write_ass(
            captions,
            p,
            folder / f".{p.id}.ass",
            tag=(cut.draft_label, cut.duration_s) if cut.draft_label and framings[p.id] is Framing.CROP else None,
            on_screen=supers(cut.on_screen),
            font=font or "DejaVu Sans",
        )
        for p in presets
    }
    videos = await render_platforms(
        cut.shots,
        soundtrack,
        presets,
        cut.master,
        {p.id: folder / f"{p.id}.mp4" for p in presets},
        transition=transition,
        mood=cut.mood,
        captions=subtitles,
        interpolate=cut.interpolate,
        crops=crops,
        fontsdir=fonts,
        bug=Path(cut.kit.logo.path) if cut.kit and cut.kit.bug else None,
        bug_until_s=cut.duration_s - END_CARD_S,
    )
    platforms = {}
    for platform in presets:
        srt = write_srt(captions, folder / f"{platform.id}.srt")
        vtt = write_vtt(captions, folder / f"{platform.id}.vtt")
        report = await qa(videos[platform.id], platform, cut.duration_s)
        if cut.kit is not None:
            fmt = platform.format
            report.brand = await brand_qa(videos[platform.id], cut.kit, fmt.width, fmt.height, cut.duration_s)
        still = await cover(
            videos[platform.id],
            min(cut.shots[0].duration_s / 2, cut.duration_s / 2),
            folder / f"{platform.id}-cover.jpg",
        )
        platforms[platform.id] = PlatformDelivery(
            platform=platform.id,
            video=videos[platform.id],
            srt=srt,
            vtt=vtt,
            cover=still,
            qa=report,
            framing=framings[platform.id],
            windows=crops.get(platform.id, []),
        )
        tick(platform.label)
    sheets = [
        contact_sheet(scene, items, folder / "contact-sheets" / f"scene-{scene}.png")
        for scene, items in sorted(cut.variations.items())
    ]
    clips = [TimelineClip(name=f"scene {i}", path=s.clip, duration_s=s.duration_s) for i, s in enumerate(cut.shots, 1)]
    voice = [
        TimelineClip(name=f"voice {i}@{v.start_s}", path=v.path, duration_s=min(v.duration_s, v.scene_s))
        for i, v in enumerate(cut.voices, 1)
    ]
    otio_path = timeline(
        cut.name, clips, voice, music, captions, transition, PLATFORMS[platform_ids[0]].fps, folder / "timeline.otio"
    )
    tick("timeline")
    return Delivery(
        soundtrack=soundtrack,
        music=music,
        loudness_before=before,
        platforms=platforms,
        contact_sheets=sheets,
        timeline=otio_path,
        transition=transition,
    )


async def crop_windows(cut: Cut, platforms: list[Platform]) -> dict[str, list[Window]]:
    """Per platform, each shot's salient crop window (each shot's saliency is measured once)."""
    if not platforms:
        return {}
    maps = await asyncio.gather(*(shot_saliency(s.clip, cut.master, s.duration_s, s.size) for s in cut.shots))
    return {p.id: [best_window(m, cut.master, p.format) for m in maps] for p in platforms}


def with_end_card(cut: Cut, kit: BrandKit, platforms: list[Platform], folder: Path) -> Cut:
    """The cut with the kit's end card held last; the last shot gives way if a platform's length cap needs it."""
    card = end_card(kit, cut.master, folder / "end-card.png")
    shots = list(cut.shots)
    over = cut.duration_s + END_CARD_S - min(p.max_s for p in platforms)
    if over > 0 and shots:
        last = shots[-1]
        shots[-1] = last.model_copy(update={"duration_s": round(max(1.0, last.duration_s - over), 3)})
    shots.append(Shot(clip=card, duration_s=END_CARD_S, size=(cut.master.width, cut.master.height), graded=False))
    return cut.model_copy(update={"shots": shots})
