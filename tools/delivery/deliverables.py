"""What goes to the social team besides the MP4s: covers, contact sheets, an OTIO timeline, a report, a zip."""

from __future__ import annotations

import base64
import html
import uuid
import zipfile
from pathlib import Path
from typing import Any

import opentimelineio as otio
from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel

from tools.delivery.captions import Cue
from tools.delivery.render import TRANSITION_S, Transition
from tools.ffmpeg import run_ffmpeg

THUMB = 320


class CopyPiece(BaseModel):
    """One caption, title and description, or post, as the report shows it."""

    title: str | None = None
    text: str
    """The body with its hashtags."""


class CopySection(BaseModel):
    """Post copy for one platform and kind, for the report's 'Post copy' section."""

    platform: str
    """The platform's label: 'TikTok'."""
    heading: str
    """'Captions', 'Title and description', 'Post'."""
    writer: str
    file: str
    """The readable copy, relative to the campaign folder."""
    pieces: list[CopyPiece]
    notes: list[str] = []


class TimelineClip(BaseModel):
    """A clip on the timeline: the file, how much of it is used, and its name."""

    name: str
    path: Path
    duration_s: float


async def cover(video: Path, at_s: float, out: Path) -> Path:
    """A still from the export (the hook, where the title card is) as the platform's cover image."""
    return await run_ffmpeg(["-ss", f"{at_s:.3f}", "-i", str(video), "-frames:v", "1", "-q:v", "2"], output=out)


def contact_sheet(scene: int, variations: list[tuple[Path, str, bool]], out: Path) -> Path:
    """A grid of one scene's keyframe variations, labelled, the pick outlined."""
    thumbs = []
    for path, label, picked in variations:
        with Image.open(path) as image:
            thumb = image.convert("RGB")
            thumb.thumbnail((THUMB, THUMB))
        canvas = Image.new("RGB", (THUMB, THUMB + 28), (24, 24, 24))
        canvas.paste(thumb, ((THUMB - thumb.width) // 2, (THUMB - thumb.height) // 2))
        draw = ImageDraw.Draw(canvas)
        draw.text(
            (8, THUMB + 6),
            f"{label}{'  (picked)' if picked else ''}",
            fill=(255, 255, 255),
            font=ImageFont.load_default(size=14),
        )
        if picked:
            draw.rectangle([0, 0, THUMB - 1, THUMB + 27], outline=(80, 220, 120), width=4)
        thumbs.append(canvas)
    sheet = Image.new("RGB", (max(1, len(thumbs)) * (THUMB + 8) + 8, THUMB + 64), (12, 12, 12))
    ImageDraw.Draw(sheet).text((8, 6), f"Scene {scene}", fill=(255, 255, 255), font=ImageFont.load_default(size=18))
    for i, thumb in enumerate(thumbs):
        sheet.paste(thumb, (8 + i * (THUMB + 8), 32))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    return out


def timeline(
    name: str,
    clips: list[TimelineClip],
    voice: list[TimelineClip],
    music: Path | None,
    captions: list[Cue],
    transition: Transition,
    fps: int,
    out: Path,
) -> Path:
    """An OpenTimelineIO timeline of the cut, to open in an NLE: video, voice, music tracks and caption markers."""

    def span(seconds: float, start: float = 0.0) -> otio.opentime.TimeRange:
        return otio.opentime.TimeRange(
            otio.opentime.RationalTime(start * fps, fps), otio.opentime.RationalTime(seconds * fps, fps)
        )

    video = otio.schema.Track(name="Video", kind=otio.schema.TrackKind.Video)
    for i, clip in enumerate(clips):
        if i and transition is not Transition.CUT:
            half = otio.opentime.RationalTime(TRANSITION_S * fps / 2, fps)
            video.append(otio.schema.Transition(name=transition.value, in_offset=half, out_offset=half))
        video.append(
            otio.schema.Clip(
                name=clip.name,
                source_range=span(clip.duration_s),
                media_reference=otio.schema.ExternalReference(target_url=clip.path.as_uri()),
            )
        )
    voice_track = otio.schema.Track(name="Voiceover", kind=otio.schema.TrackKind.Audio)
    cursor = 0.0
    for clip in voice:
        start = float(clip.name.split("@")[-1]) if "@" in clip.name else cursor
        if start > cursor:
            voice_track.append(otio.schema.Gap(source_range=span(start - cursor)))
        voice_track.append(
            otio.schema.Clip(
                name=clip.name.split("@")[0],
                source_range=span(clip.duration_s),
                media_reference=otio.schema.ExternalReference(target_url=clip.path.as_uri()),
            )
        )
        cursor = start + clip.duration_s
    stack = otio.schema.Stack(name=name)
    stack.append(video)
    stack.append(voice_track)
    if music is not None:
        total = sum(c.duration_s for c in clips)
        music_track = otio.schema.Track(name="Music", kind=otio.schema.TrackKind.Audio)
        music_track.append(
            otio.schema.Clip(
                name="music bed",
                source_range=span(total),
                media_reference=otio.schema.ExternalReference(target_url=music.as_uri()),
            )
        )
        stack.append(music_track)
    for cue in captions:
        video.markers.append(
            otio.schema.Marker(
                name=cue.text.replace("\n", " "), marked_range=span(cue.end_s - cue.start_s, cue.start_s)
            )
        )
    result = otio.schema.Timeline(name=name)
    result.tracks = stack
    otio.adapters.write_to_file(result, str(out))
    return out


def _img(path: Path, width: int = 220) -> str:
    try:
        with Image.open(path) as image:
            thumb = image.convert("RGB")
            thumb.thumbnail((width, width))
            import io

            buffer = io.BytesIO()
            thumb.save(buffer, format="JPEG", quality=80)
        return f'<img src="data:image/jpeg;base64,{base64.b64encode(buffer.getvalue()).decode()}" alt="">'
    except OSError:
        return ""


def copy_html(sections: list[CopySection]) -> str:
    """The 'Post copy' section: per platform, each piece with its title and hashtags."""
    if not sections:
        return ""
    e = html.escape
    parts = ['<h2 id="post-copy">Post copy</h2>']
    for platform in dict.fromkeys(s.platform for s in sections):
        parts.append(f"<h3>{e(platform)}</h3>")
        for section in (s for s in sections if s.platform == platform):
            notes = "".join(f"<li>{e(n)}</li>" for n in section.notes)
            pieces = "".join(
                f"<li>{f'<b>{e(p.title)}</b><br>' if p.title else ''}<pre class=copy>{e(p.text)}</pre></li>"
                for p in section.pieces
            )
            parts.append(
                f"<h4>{e(section.heading)} <small>written by {e(section.writer)} · "
                f'<a href="{e(section.file)}">{e(section.file)}</a></small></h4>'
                f"{f'<ul><small>{notes}</small></ul>' if notes else ''}<ol>{pieces}</ol>"
            )
    return "".join(parts)


def report(
    manifest: dict[str, Any],
    root: Path,
    qa: dict[str, dict[str, Any]],
    out: Path,
    copy: list[CopySection] | None = None,
) -> Path:
    """A self-contained HTML page: concept, scenes with recipes, post copy, assets, costs, approvals, QA."""
    e = html.escape
    concept = manifest.get("concept") or {}
    board = manifest.get("storyboard") or {}
    rows = []
    for asset in manifest["assets"]:
        recipe = asset["recipe"]
        thumb = _img(root / asset["path"]) if asset["kind"] == "keyframe" and asset["current"] else ""
        rows.append(
            f"<tr><td>{e(asset['id'])}</td><td>{e(asset['kind'])}</td><td>{asset.get('scene_index') or ''}</td>"
            f"<td>{e(recipe['model_id'])}<br><small>{e(recipe['provider_route'])}</small></td>"
            f"<td>{recipe.get('seed') if recipe.get('seed') is not None else ''}</td><td>${asset['cost_usd']:.2f}</td>"
            f"<td>{e(asset['status'])}</td><td>{thumb}</td></tr>"
        )
    scenes = "".join(
        f"<li><b>{s['index']}. {e(s['purpose'])}</b> ({s['duration_s']} s) {e(s['description'])}"
        f"<br><small>{e(s['prompt'])}</small></li>"
        for s in board.get("scenes", [])
    )
    decisions = "".join(
        f"<li>{e(d['stage'])}: {e(d['decision']['kind'])} {e(d['decision'].get('feedback') or '')}</li>"
        for d in manifest.get("decisions", [])
    )
    checks = "".join(
        f"<tr><td>{e(p)}</td><td>{'✅ shipped' if r['passed'] else '❌ not shipped'}</td>"
        f"<td>{'<br>'.join(e(line) for line in qa_lines(r))}</td></tr>"
        for p, r in qa.items()
    )
    page = f"""<!doctype html><html lang="en"><meta charset="utf-8"><title>{e(concept.get("title", "Campaign"))}</title>
<style>body{{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ddd;padding:4px;vertical-align:top}}small{{color:#666}}
pre.copy{{white-space:pre-wrap;font:inherit;margin:.3em 0 1em}}</style>
<h1>{e(concept.get("title", manifest["campaign_id"]))}</h1><p>{e(concept.get("logline", ""))}</p>
<p>Campaign <code>{e(manifest["campaign_id"])}</code> · status {e(manifest["status"])} ·
total cost ${manifest["totals"]["cost_usd"]:.2f}</p>
<h2>Scenes</h2><ol>{scenes}</ol>
{copy_html(copy or [])}
<h2>Quality checks</h2><table><tr><th>platform</th><th>result</th><th>checks</th></tr>
{checks}</table><h2>Decisions</h2><ul>{decisions}</ul>
<h2>Assets</h2><table><tr><th>id</th><th>kind</th><th>scene</th><th>model</th><th>seed</th><th>cost</th><th>status</th>
<th></th></tr>{"".join(rows)}</table></html>"""
    partial = partial_path(out)
    partial.write_text(page, encoding="utf-8")
    partial.replace(out)
    return out


def partial_path(out: Path) -> Path:
    """A unique ``*.partial`` name beside ``out``: two writers never share one half-written file."""
    return out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")


def bundle(files: list[Path], root: Path, out: Path) -> Path:
    """One zip of the deliverables, paths relative to the campaign folder."""
    partial = partial_path(out)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            if path.is_file():
                archive.write(path, path.relative_to(root))
    partial.replace(out)
    return out


def qa_lines(report: dict[str, Any]) -> list[str]:
    """An export's checks, then its brand QA, one line each."""
    return [*(f"{c['name']}: {c['detail']}" for c in report["checks"]), *brand_lines(report)]


def brand_lines(report: dict[str, Any]) -> list[str]:
    """The brand QA of one export in words (informational), or nothing without a kit."""
    brand = report.get("brand")
    if not brand:
        return []
    palette = "on palette" if brand["on_palette"] else f"off palette (flag above {brand['delta_e_flag']:g})"
    logo = "found" if brand["logo_found"] else "NOT found"
    return [
        f"brand palette ({brand['kit']}): mean ΔE {brand['delta_e']:.1f}, {palette}",
        f"end-card logo: {logo} (match {brand['logo_score']:.2f})",
    ]
