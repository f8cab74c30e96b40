"""One platform's MP4 from the approved shots and the shared soundtrack, in one ffmpeg filter graph.

Per shot: bring it to the master frame, hold its last frame if it is shorter than its scene, trim to
the scene. Then the transitions (cut, crossfade, dip to black), the mood's colour grade, the
platform's frame (scale, or a blurred fill when the aspect differs) and the burned-in captions.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from tools.delivery.framing import Window
from tools.ffmpeg import run_ffmpeg_outputs
from tools.local.grade import Grade, grade_filter
from tools.platforms import Format, Platform

FONTS = Path(__file__).with_name("fonts")
TRANSITION_S = 0.4
H264_EXPORT = ["-c:v", "libx264", "-profile:v", "high", "-preset", "veryfast", "-crf", "20"]
"""Delivery video settings; the benchmarks' baselines use the same, so they compare like with like."""
MOOD_GRADES = {
    "dramatic": Grade(brightness=0.94, contrast=1.15, saturation=0.9, warmth=-0.1),
    "calm": Grade(contrast=0.95, saturation=0.9),
    "energetic": Grade(contrast=1.08, saturation=1.15),
    "warm": Grade(warmth=0.2),
    "luxurious": Grade(contrast=1.1, saturation=0.95, warmth=0.1),
    "playful": Grade(saturation=1.2),
    "bold": Grade(contrast=1.2, saturation=1.1),
    "minimal": Grade(saturation=0.85),
    "inspiring": Grade(brightness=1.04, warmth=0.1),
    "trustworthy": Grade(saturation=0.95, warmth=-0.05),
}


class Transition(StrEnum):
    """How one scene gives way to the next."""

    CUT = "cut"
    CROSSFADE = "crossfade"
    DIP = "dip"


class Shot(BaseModel):
    """A scene's clip in the cut."""

    clip: Path
    duration_s: float
    size: tuple[int, int] | None = None
    graded: bool = True
    """Whether the mood's grade applies (not to a brand end card, whose colours are the kit's)."""


def _escape(path: Path) -> str:
    return str(path).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")


def _reframe(width: int, height: int, tag: str) -> str:
    """Fit the picture over a blurred fill of itself; the fill is blurred at 1/8 size (it is a blur anyway)."""
    small_w, small_h = max(2, width // 16 * 2), max(2, height // 16 * 2)
    return (
        f"split[fill{tag}][fit{tag}];"
        f"[fill{tag}]scale={small_w}:{small_h}:force_original_aspect_ratio=increase,crop={small_w}:{small_h},"
        f"boxblur=3:1,scale={width}:{height}[bg{tag}];"
        f"[fit{tag}]scale={width}:{height}:force_original_aspect_ratio=decrease[fg{tag}];"
        f"[bg{tag}][fg{tag}]overlay=(W-w)/2:(H-h)/2"
    )


def _glide(values: list[int], bounds: list[float], fade: float) -> str:
    """A per-frame expression of ``t``: ``values[i]`` during shot ``i``, gliding across each ``fade``."""
    expr = str(values[-1])
    for i in range(len(values) - 1, 0, -1):
        before, after, start = values[i - 1], values[i], bounds[i]
        if before == after:
            continue
        if fade > 0:
            ramp = f"{before}+({after - before})*(t-{start:.3f})/{fade}"
            expr = f"if(lt(t,{start:.3f}),{before},if(lt(t,{start + fade:.3f}),{ramp},{expr}))"
        else:
            expr = f"if(lt(t,{start:.3f}),{before},{expr})"
    return "'" + expr.replace(",", "\\,") + "'"


def _crop(fmt: Format, windows: list[Window], seconds: list[float], fade: float) -> str:
    """Crop each shot to its salient window (moving only between shots), then scale to the platform frame."""
    bounds = [sum(seconds[:i]) for i in range(len(seconds))]
    x = _glide([w.x for w in windows], bounds, fade)
    y = _glide([w.y for w in windows], bounds, fade)
    return f"crop=w={windows[0].w}:h={windows[0].h}:x={x}:y={y},scale={fmt.width}:{fmt.height}"


def video_graph(
    shots: list[Shot],
    platforms: list[Platform],
    master: Format,
    *,
    transition: Transition,
    mood: str | None = None,
    captions: dict[str, Path] | None = None,
    interpolate: bool = False,
    crops: dict[str, list[Window]] | None = None,
    fontsdir: Path = FONTS,
    bug: Bug | None = None,
) -> str:
    """One graph for every platform: shots, transitions and grade once, then a branch per platform ``[v_<id>]``.

    A platform of another aspect is cropped to the per-shot windows in ``crops`` when it has them, else
    fitted over a blurred fill.
    """
    fps = platforms[0].fps
    blend = transition is not Transition.CUT and len(shots) > 1
    cover = (
        f"scale={master.width}:{master.height}:force_original_aspect_ratio=increase,"
        f"crop={master.width}:{master.height},setsar=1,"
    )
    look = grade_filter(MOOD_GRADES[mood]) if mood in MOOD_GRADES else "null"
    per_shot = not all(s.graded for s in shots)  # grade each shot, so an ungraded one keeps its colours
    parts = []
    for i, shot in enumerate(shots):
        length = shot.duration_s + (TRANSITION_S if blend and i < len(shots) - 1 else 0.0)
        normalise = "setsar=1," if shot.size == (master.width, master.height) else cover
        smooth = f"minterpolate=fps={fps}:mi_mode=blend," if interpolate else ""
        graded = f"{look}," if per_shot and shot.graded and look != "null" else ""
        parts.append(
            f"[{i}:v]{normalise}{smooth}{graded}fps={fps},setpts=PTS-STARTPTS,"
            f"tpad=stop_mode=clone:stop_duration={length:.3f},trim=duration={length:.3f},"
            f"setpts=PTS-STARTPTS[s{i}]"
        )
    if blend:
        parts += _blended(len(shots), [s.duration_s for s in shots], transition)
        joined = "[joined]"
    else:
        parts.append("".join(f"[s{i}]" for i in range(len(shots))) + f"concat=n={len(shots)}:v=1:a=0[joined]")
        joined = "[joined]"
    look = "null" if per_shot else look
    branches = "".join(f"[b_{p.id}]" for p in platforms)
    parts.append(
        f"{joined}{look},split={len(platforms)}{branches}" if len(platforms) > 1 else f"{joined}{look}{branches}"
    )
    for platform in platforms:
        fmt = platform.format
        if crops and platform.id in crops:
            frame = _crop(fmt, crops[platform.id], [s.duration_s for s in shots], TRANSITION_S if blend else 0.0)
        elif master.aspect_ratio == fmt.aspect_ratio:
            frame = f"scale={fmt.width}:{fmt.height}"
        else:
            frame = _reframe(fmt.width, fmt.height, platform.id)
        chain = [frame, "setsar=1"]
        if bug is not None:
            parts.append(f"[b_{platform.id}]{','.join(chain)}[f_{platform.id}]")
            parts.append(_bug(bug, platform, len(platforms), platforms.index(platform)))
            chain = [f"[f_{platform.id}][bug_{platform.id}]overlay={bug_xy(platform)}:enable='lt(t,{bug.until_s:.3f})'"]
        if captions and platform.id in captions:
            chain.append(f"subtitles=filename='{_escape(captions[platform.id])}':fontsdir='{_escape(fontsdir)}'")
        chain.append("format=yuv420p")
        head = "" if bug is not None else f"[b_{platform.id}]"
        parts.append(f"{head}{','.join(chain)}[v_{platform.id}]")
    return ";".join(parts)


class Bug(BaseModel):
    """A small logo over the film (not its end card): the input it is, shown until ``until_s``."""

    logo: Path
    input_index: int
    until_s: float


BUG_SHARE = 0.1
"""The corner bug's width as a share of the frame's short side."""


def bug_xy(platform: Platform) -> str:
    """Top right, inside the platform's safe zone."""
    fmt, safe = platform.format, platform.safe
    return f"x={round(fmt.width * (1 - safe.right))}-w:y={round(fmt.height * safe.top)}"


def _bug(bug: Bug, platform: Platform, count: int, index: int) -> str:
    """The bug's input, split once for every platform, scaled for this one as ``[bug_<id>]``."""
    width = max(2, round(min(platform.format.width, platform.format.height) * BUG_SHARE))
    source = f"[{bug.input_index}:v]" if count == 1 else f"[bugs{index}]"
    split = (
        f"[{bug.input_index}:v]format=rgba,split={count}" + "".join(f"[bugs{i}]" for i in range(count)) + ";"
        if count > 1 and index == 0
        else ""
    )
    return f"{split}{source}format=rgba,scale={width}:-1[bug_{platform.id}]"


def _blended(n: int, seconds: list[float], transition: Transition) -> list[str]:
    """Transitions that touch only the overlaps.

    Each shot splits into head, body and tail; the tail of one shot fades into the head of the next;
    bodies and fades are concatenated. Same frames as chaining ``xfade`` over whole shots, without
    pushing every frame through every fade.
    """
    kind = "fade" if transition is Transition.CROSSFADE else "fadeblack"
    d = TRANSITION_S
    parts, pieces = [], []
    for i in range(n):
        outs = ["body"] + (["head"] if i > 0 else []) + (["tail"] if i < n - 1 else [])
        parts.append(f"[s{i}]split={len(outs)}" + "".join(f"[{o}{i}]" for o in outs))
        start = d if i > 0 else 0.0
        parts.append(f"[body{i}]trim=start={start:.3f}:end={seconds[i]:.3f},setpts=PTS-STARTPTS[bodyt{i}]")
        if i > 0:
            parts.append(f"[head{i}]trim=end={d:.3f},setpts=PTS-STARTPTS[headt{i}]")
        if i < n - 1:
            parts.append(f"[tail{i}]trim=start={seconds[i]:.3f}:end={seconds[i] + d:.3f},setpts=PTS-STARTPTS[tailt{i}]")
    for i in range(n):
        pieces.append(f"[bodyt{i}]")
        if i < n - 1:
            parts.append(f"[tailt{i}][headt{i + 1}]xfade=transition={kind}:duration={d}:offset=0[fade{i}]")
            pieces.append(f"[fade{i}]")
    parts.append("".join(pieces) + f"concat=n={len(pieces)}:v=1:a=0[joined]")
    return parts


async def render_platforms(
    shots: list[Shot],
    soundtrack: Path,
    platforms: list[Platform],
    master: Format,
    outs: dict[str, Path],
    *,
    transition: Transition = Transition.CUT,
    mood: str | None = None,
    captions: dict[str, Path] | None = None,
    interpolate: bool = False,
    crops: dict[str, list[Window]] | None = None,
    fontsdir: Path = FONTS,
    bug: Path | None = None,
    bug_until_s: float = 0.0,
) -> dict[str, Path]:
    """Every platform's MP4 in one ffmpeg run: H.264 High yuv420p + AAC 48 kHz, ``+faststart``, exact length.

    The clips are decoded, joined and graded once; each platform gets its own branch and encoder.
    """
    total = round(sum(s.duration_s for s in shots), 3)
    graph = video_graph(
        shots,
        platforms,
        master,
        transition=transition,
        mood=mood,
        captions=captions,
        interpolate=interpolate,
        crops=crops,
        fontsdir=fontsdir,
        bug=Bug(logo=bug, input_index=len(shots) + 1, until_s=bug_until_s) if bug else None,
    )
    args: list[str] = []
    for shot in shots:
        args += ["-i", str(shot.clip)]
    args += ["-i", str(soundtrack), *(["-i", str(bug)] if bug else []), "-filter_complex", graph]
    outputs = []
    for platform in platforms:
        frames = round(total * platform.fps)
        args += [
            "-map",
            f"[v_{platform.id}]",
            "-map",
            f"{len(shots)}:a",
            *H264_EXPORT,
            "-pix_fmt",
            "yuv420p",
            "-r",
            str(platform.fps),
            "-frames:v",
            str(frames),
            "-c:a",
            "aac",
            "-b:a",
            "192k",
            "-ar",
            "48000",
            "-t",
            f"{total:.3f}",
            "-movflags",
            "+faststart",
            "{output}",
        ]
        outputs.append(outs[platform.id])
    await run_ffmpeg_outputs(args, outputs)
    return outs


async def render_platform(
    shots: list[Shot],
    soundtrack: Path,
    platform: Platform,
    master: Format,
    out: Path,
    *,
    transition: Transition = Transition.CUT,
    mood: str | None = None,
    captions: Path | None = None,
    interpolate: bool = False,
) -> Path:
    """One platform's MP4 (see :func:`render_platforms`)."""
    done = await render_platforms(
        shots,
        soundtrack,
        [platform],
        master,
        {platform.id: out},
        transition=transition,
        mood=mood,
        captions={platform.id: captions} if captions else None,
        interpolate=interpolate,
    )
    return done[platform.id]
