"""Captions timed to the voiceover: SRT and WebVTT sidecars, and an ASS style for burning in.

Burned captions sit inside the platform's safe zone (clear of the app's own buttons and text).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from tools.platforms import Platform

MAX_CHARS = 42  # per caption line, the common broadcast/social limit
MAX_LINES = 2


class Line(BaseModel):
    """A voiceover line and when it is spoken."""

    text: str
    start_s: float
    duration_s: float


class Cue(BaseModel):
    """One caption on screen."""

    start_s: float
    end_s: float
    text: str


def _chunks(text: str) -> list[str]:
    """Split a line into captions of at most two lines of ``MAX_CHARS``."""
    words, chunks, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) > MAX_CHARS * MAX_LINES and current:
            chunks.append(current)
            current = word
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _wrap(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    words = text.split()
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def cues(lines: list[Line]) -> list[Cue]:
    """Captions for each line, its time shared between chunks by their length."""
    out = []
    for line in lines:
        chunks = _chunks(line.text)
        total = sum(len(c) for c in chunks) or 1
        start = line.start_s
        for chunk in chunks:
            length = line.duration_s * len(chunk) / total
            out.append(Cue(start_s=round(start, 3), end_s=round(start + length, 3), text=_wrap(chunk)))
            start += length
    return out


def supers(lines: list[Line]) -> list[Cue]:
    """On-screen text (a scene's super), held for its scene; burned once, at delivery, not into keyframes."""
    return [
        Cue(start_s=round(x.start_s, 3), end_s=round(x.start_s + x.duration_s, 3), text=_wrap(x.text)) for x in lines
    ]


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_srt(items: list[Cue], path: Path) -> Path:
    """SubRip sidecar."""
    blocks = [f"{i}\n{_stamp(c.start_s, ',')} --> {_stamp(c.end_s, ',')}\n{c.text}\n" for i, c in enumerate(items, 1)]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def write_vtt(items: list[Cue], path: Path) -> Path:
    """WebVTT sidecar."""
    blocks = [f"{_stamp(c.start_s, '.')} --> {_stamp(c.end_s, '.')}\n{c.text}\n" for c in items]
    path.write_text("WEBVTT\n\n" + "\n".join(blocks), encoding="utf-8")
    return path


def write_ass(
    items: list[Cue],
    platform: Platform,
    path: Path,
    *,
    tag: tuple[str, float] | None = None,
    on_screen: list[Cue] | None = None,
    font: str = "DejaVu Sans",
) -> Path:
    """An ASS script at the platform's resolution with margins from its safe zone, in ``font`` (a family name).

    ``tag`` is a small line held at the top for the given seconds (the local-draft label of a cropped cut);
    ``on_screen`` are the scenes' supers, set large in the upper safe zone.
    """
    fmt, safe = platform.format, platform.safe
    size = round(min(fmt.width, fmt.height) * 0.052)
    margin_v = round(fmt.height * safe.bottom) + size // 2
    margin_l, margin_r = round(fmt.width * safe.left), round(fmt.width * safe.right)
    newline = "\\N"  # ASS hard line break
    events = "\n".join(
        f"Dialogue: 0,{_ass_time(c.start_s)},{_ass_time(c.end_s)},Caption,,0,0,0,,{c.text.replace(chr(10), newline)}"
        for c in items
    )
    if tag is not None:
        events += f"\nDialogue: 1,{_ass_time(0)},{_ass_time(tag[1])},Tag,,0,0,0,,{tag[0]}"
    margin_top = round(fmt.height * safe.top) + size // 2
    events += "".join(
        f"\nDialogue: 2,{_ass_time(c.start_s)},{_ass_time(c.end_s)},Super,,0,0,0,,{c.text.replace(chr(10), newline)}"
        for c in on_screen or []
    )
    path.write_text(
        "[Script Info]\nScriptType: v4.00+\n"
        f"PlayResX: {fmt.width}\nPlayResY: {fmt.height}\nWrapStyle: 0\nScaledBorderAndShadow: yes\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
        "Alignment, MarginL, MarginR, MarginV, Encoding\n"
        f"Style: Caption,{font},{size},&H00FFFFFF,&H00FFFFFF,&H00000000,&H96000000,-1,0,0,0,100,100,0,0,"
        f"3,2,0,2,{margin_l},{margin_r},{margin_v},1\n"
        f"Style: Tag,{font},{round(size * 0.6)},&H00FFFFFF,&H00FFFFFF,&H00000000,&H96000000,-1,0,0,0,100,100,0,0,"
        f"3,1,0,8,{margin_l},{margin_r},{margin_top},1\n"
        f"Style: Super,{font},{round(size * 1.25)},&H00FFFFFF,&H00FFFFFF,&H00000000,&H64000000,-1,0,0,0,"
        f"100,100,0,0,1,3,1,8,{margin_l},{margin_r},{margin_top + size * 2},1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" + events + "\n",
        encoding="utf-8",
    )
    return path


def _ass_time(seconds: float) -> str:
    cs = round(seconds * 100)
    h, cs = divmod(cs, 360_000)
    m, cs = divmod(cs, 6000)
    s, cs = divmod(cs, 100)
    return f"{h}:{m:02d}:{s:02d}.{cs:02d}"
