"""What a turn shows in chat, as plain data (no Chainlit here): the core's messages as markdown, media and buttons.

The conversation core hands back typed messages and views; this module lays each out as a :class:`Card`
(the Chainlit layer turns a card into a message). Keeping the mapping pure lets it be tested without a
browser. Nothing here decides anything: every button carries the core's own :class:`Press`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from agent.conversation.messages import CopyWritten, Delivered, Message, PickSaved, Recalled, Said, Shown, VoiceOffer
from agent.conversation.views import (
    CheckpointView,
    ConceptView,
    DeliveredView,
    DerivativeView,
    FinalView,
    KeyframeGroup,
    KeyframesView,
    ModelCell,
    Option,
    PlatformFile,
    StoryboardView,
    Take,
    TakesView,
)
from agent.domain import DecisionKind

MediaKind = Literal["image", "video", "audio", "file"]
Shape = Literal["vertical", "landscape", "square"]
PICKED_ICON = "circle-check"
PICK_ICON = "image"


class Button(BaseModel):
    """One action button; ``payload`` (a :class:`Press`, as JSON) goes back to the server when it is clicked."""

    label: str
    payload: dict[str, object]
    tooltip: str = ""
    icon: str | None = None
    """A lucide icon name (emoji are not guaranteed to have a font)."""
    action: str = "press"
    """Which action callback receives the click."""


class Media(BaseModel):
    """A file shown inline (image, video, audio) or offered for download."""

    kind: MediaKind
    path: Path
    name: str
    shape: Shape | None = None
    """For video: which player fits it (a vertical clip plays in a vertical player)."""


class Card(BaseModel):
    """A chat message: markdown text, media and buttons; ``parts`` follow it as their own messages."""

    text: str
    media: list[Media] = []
    options: list[Option] = []
    """The core's options for this message (shown as buttons, in order, before ``buttons``)."""
    buttons: list[Button] = []
    parts: list[Card] = []
    key: str | None = None
    """Names a message that a later message updates in place (a keyframe scene, when a pick is saved)."""

    def all_buttons(self) -> list[Button]:
        """The options as buttons, then the other buttons."""
        return [button(o) for o in self.options] + self.buttons


def cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").strip()


def shape(width: int | None, height: int | None) -> Shape | None:
    """Vertical, landscape or square, from the pixel size."""
    if not width or not height:
        return None
    if height > width:
        return "vertical"
    return "landscape" if width > height else "square"


def player_config(media: Media) -> dict[str, object]:
    """Chainlit's video player settings: the ``<video>`` gets a class for its shape (see static/studio.css)."""
    return {"file": {"attributes": {"className": f"studio-{media.shape or 'landscape'}", "title": media.name}}}


def button(option: Option) -> Button:
    """The core's option as a button; a selected pick reads as picked."""
    label = option.label
    icon = option.icon
    if option.press.kind == DecisionKind.PICK:
        verb = "Picked" if option.selected else "Pick"
        label = f"{verb} scene {option.press.scene} · v{option.press.variation}"
        icon = PICKED_ICON if option.selected else PICK_ICON
    tooltip = option.hint if option.press.kind != DecisionKind.PICK else ""
    return Button(label=label, payload=option.press.model_dump(mode="json"), tooltip=tooltip, icon=icon)


def keyframe_key(campaign_id: str, scene: int) -> str:
    """The key of a keyframe scene's message (updated when a pick is saved)."""
    return f"keyframes:{campaign_id}:{scene}"


# -- checkpoint bodies ------------------------------------------------------------------------------------


def concept_text(view: ConceptView) -> str:
    """The concept card: logline, mood, style, palette, key message, what changed, other directions."""
    revision = f" (revision {view.revision})" if view.revision else ""
    lines = [
        f"### Concept · {view.title}{revision}",
        f"> {view.logline}",
        "",
        f"**Mood** {view.mood} · **Style** {view.style} · **Palette** {', '.join(view.palette)}",
        f"**Key message** {view.key_message}",
    ]
    if view.changes:
        lines += ["", "**What changed**", *(f"- {change}" for change in view.changes)]
    if view.alternatives:
        lines += ["", "**Other directions** (say “go with the second direction” or redirect):"]
        lines += [f"{d.number}. *{d.title}* — {d.logline}" for d in view.alternatives]
    lines += ["", f"*Written by the {view.made_by}*"]
    return "\n".join(lines)


def model_text(model: ModelCell, *, mark_local: bool = True) -> str:
    """'motion: Veo 3.1 Fast (local draft)' or 'keyframes: FLUX.1 [schnell]'."""
    local = " (local draft)" if model.local and mark_local else ""
    return f"{model.work}: {model.model_name}{local}"


def storyboard_text(view: StoryboardView) -> str:
    """Each scene's content (what it shows, on-screen text, voiceover) and how it is made, with the cost."""
    lines = [
        f"### Storyboard · {view.duration_s:g} s · {view.aspect} {view.width}×{view.height} @ {view.fps} fps · "
        f"{view.variations} variations per scene",
        "",
        "| # | shows | on screen | voiceover | models | $ |",
        "|---|---|---|---|---|---|",
    ]
    all_local = all(m.local for row in view.rows for m in row.models)
    for row in view.rows:
        shows = f"**{row.purpose}** · {row.duration_s:g} s — {row.description} ({row.shot}, {row.camera})"
        voice = f"“{row.voiceover}”" if row.voiceover else "—"
        models = " · ".join(cell(model_text(m, mark_local=not all_local)) for m in row.models)
        offers = [o for m in row.models for o in m.offers]
        if row.sound:
            models += f" · *effect: {cell(row.sound)}*"
        if offers:
            models += " · " + " · ".join(f"*{cell(o)}*" for o in offers)
        if row.recalled:
            models += f" · *{cell(row.recalled)}*"
        lines.append(
            f"| {row.index} | {cell(shows)} | {cell(row.on_screen_text) or '—'} | {cell(voice)} | {models} "
            f"| {row.cost_usd:.2f} |"
        )
    if view.music is not None:
        m = view.music
        kind = "Sung jingle" if m.sung else "Music bed"
        lines += [
            "",
            f"**{kind}** · {m.duration_s:g} s · {m.mood} · {m.tempo_bpm} BPM · {model_text(m.model)} "
            f"· ${m.model.cost_usd:.2f} — {m.prompt}",
        ]
    else:
        lines += ["", "**No music** (say e.g. 'add calm piano music' to plan a bed)"]
    lines += [
        "",
        f"**Estimated cost** ${view.estimated_cost_usd:.2f} now · ${view.provider_cost_usd:.2f} with the "
        "preferred models (the $ column) · seeds " + ", ".join(f"{r.index}: {r.seed}" for r in view.rows),
    ]
    lines += [f"- {note}" for note in view.notes]
    lines += ["", f"*Written by the {view.made_by}*"]
    return "\n".join(lines)


def keyframe_scene(campaign_id: str, group: KeyframeGroup, options: list[Option]) -> Card:
    """One scene's variations as images, its Pick buttons showing which one is picked."""
    picked = f" · **picked v{group.picked}**" if group.picked else " · not picked yet"
    variations = ", ".join(f"v{v.number}" + (" ✓" if v.selected else "") for v in group.variations)
    return Card(
        text=f"**Scene {group.scene}** — {group.description}\n\nVariations {variations}{picked}",
        media=[
            Media(kind="image", path=v.path, name=f"scene {group.scene} · v{v.number}{' · picked' * v.selected}")
            for v in group.variations
        ],
        options=options,
        key=keyframe_key(campaign_id, group.scene),
    )


def keyframes_card(view: CheckpointView, body: KeyframesView) -> tuple[str, list[Card]]:
    """The keyframes heading, and one message per scene with its images and buttons."""
    parts = [
        keyframe_scene(view.campaign_id, group, [o for o in view.options if o.press.scene == group.scene])
        for group in body.groups
    ]
    text = (
        "### Keyframes\nPick one variation per scene below (or redirect / regenerate a scene); "
        "“Approve picks” uses v1 for any scene left unpicked."
    )
    return text, parts


def take_card(take: Take, options: list[Option]) -> Card:
    """A take: its clip with the voice muxed in, in a player shaped like the clip."""
    model = f"{take.model_name} (local draft)" if take.local else take.model_name
    if take.chosen_name:  # the scene's plan names another model: say which, and what stood in for it
        model = f"{take.chosen_name} (drafted locally with {take.model_name})" if take.local else take.chosen_name
    media = Media(
        kind="video",
        path=take.preview or take.clip,
        name=f"scene {take.scene} take",
        shape=shape(take.width, take.height),
    )
    voice = "with its voiceover" if take.voice else "no voiceover"
    text = f"**Scene {take.scene}** · {take.duration_s:.1f} s · {model} · {voice}\n\n{take.description}"
    return Card(text=text, media=[media], options=options)


def file_label(f: PlatformFile) -> str:
    """'TikTok 9:16', or 'LinkedIn 16:9 (reframe · crop)' for a version."""
    return f"{f.label} ({f.how})" if f.how else f.label


def file_media(files: list[PlatformFile]) -> list[Media]:
    """A player and a download per platform file, labelled by platform ('TikTok 9:16')."""
    media: list[Media] = []
    for f in files:
        if not f.qa_passed:
            continue
        label = file_label(f)
        media.append(Media(kind="video", path=f.path, name=label, shape=shape(f.width, f.height)))
        media.append(Media(kind="file", path=f.path, name=f"{label}{f.path.suffix}"))
    return media


def files_table(files: list[PlatformFile]) -> list[str]:
    """A row per platform file."""
    lines = ["| platform | size | length | QA |", "|---|---|---|---|"]
    for f in files:
        label = file_label(f)
        qa = "passed" if f.qa_passed else "**failed — not shipped**"
        lines.append(f"| {label} | {f.width}×{f.height} | {f.duration_s:.1f} s | {qa} |")
    return lines


def derivative_text(body: DerivativeView) -> str:
    """The priced ways to make another version."""
    dropped = f" · dropping scene(s) {', '.join(map(str, body.dropped))}" if body.dropped else ""
    lines = [
        f"### Another version · {body.label} · {body.duration_s:g} s",
        f"Scenes {', '.join(map(str, body.scenes))}{dropped}",
        "",
    ]
    lines += [
        f"- **{s.label}**: {s.what} · ${s.cost_usd:.2f}" + (" (suggested)" if s.suggested else "")
        for s in body.strategies
    ]
    return "\n".join(lines)


def checkpoint_card(view: CheckpointView) -> Card:
    """A checkpoint: its card, blocked scenes, the money line, the question and the buttons."""
    body = view.body
    media: list[Media] = []
    parts: list[Card] = []
    scene_options = isinstance(body, KeyframesView | TakesView)
    main = [o for o in view.options if not (scene_options and o.press.scene is not None)]
    if isinstance(body, ConceptView):
        text = concept_text(body)
    elif isinstance(body, StoryboardView):
        text = storyboard_text(body)
    elif isinstance(body, KeyframesView):
        text, parts = keyframes_card(view, body)
    elif isinstance(body, TakesView):
        text = "### Takes\nEach scene's take below: its clip and voiceover play in one player."
        parts = [take_card(t, [o for o in view.options if o.press.scene == t.scene]) for t in body.takes]
        if body.soundtrack:
            text += "\n\n" + soundtrack_text(body)
            media = [Media(kind="audio", path=a.path, name=a.label) for a in body.soundtrack]
    elif isinstance(body, FinalView):
        text = "\n".join(["### Final files", *files_table(body.files)])
        text += "\n\nApprove to deliver, or ask for another version (“make a LinkedIn version”)."
        media = file_media(body.files)
    else:
        text = derivative_text(body)
    blocked = [f"**Blocked** {line}" for line in view.blocked]
    footer = f"**Money** {view.money.line()}"
    question = f"*{view.question}* You can also just type what you want, or ask (“what will this cost?”)."
    return Card(
        text="\n\n".join([text, *blocked, footer, question]),
        media=media,
        options=main,
        parts=parts,
    )


def soundtrack_text(view: TakesView) -> str:
    """The bed and scene sounds, each with who made it (they play below; 'calmer music' remakes the bed)."""
    lines = ["**Soundtrack** (mixed under the voice at delivery; say e.g. “calmer music” or “no sound on scene 2”)"]
    for a in view.soundtrack:
        made = f"{a.model_name} (local draft)" if a.local else a.model_name
        lines.append(f"- {a.label} · {a.duration_s:.1f} s · {made}")
    return "\n".join(lines)


# -- other messages ---------------------------------------------------------------------------------------


def delivered_card(view: DeliveredView) -> Card:
    """The delivered files per platform, the report and the bundle, and the version shortcuts."""
    lines = [f"### Delivered · {view.title}", *files_table(view.files), ""]
    media = file_media(view.files)
    extras = []
    if view.report is not None:
        media.append(Media(kind="file", path=view.report, name="report.html"))
        extras.append("the **report** (report.html: plan, models, costs and QA)")
    if view.bundle is not None:
        media.append(Media(kind="file", path=view.bundle, name=view.bundle.name))
        extras.append(f"the **bundle** ({view.bundle.name})")
    media += [Media(kind="file", path=p, name=p.name) for p in view.copy_files]
    if extras:
        lines.append("Download the files below, " + " and ".join(extras) + ".")
    lines += [
        "",
        f"**Money** {view.money.line()}",
        "Ask for another version (“make a LinkedIn version”, “a 7-second square cut”) or post copy "
        "(“write 3 TikTok captions with hashtags”).",
    ]
    return Card(text="\n".join(lines), media=media, options=view.options)


def picks_card(view: KeyframesView) -> Card:
    """The picks already approved (shown again after a reload)."""
    lines = ["### Approved picks"]
    media = []
    for group in view.groups:
        chosen = next((v for v in group.variations if v.selected), None)
        if chosen is None:
            continue
        lines.append(f"- Scene {group.scene} · v{chosen.number} — {group.description}")
        media.append(Media(kind="image", path=chosen.path, name=f"scene {group.scene} · v{chosen.number} · picked"))
    return Card(text="\n".join(lines), media=media)


def recalled_card(recalled: Recalled) -> Card:
    """What the memory holds for a query, with thumbnails."""
    lines = [
        "### What worked before",
        "| match | model | seed | approved | rejected | scene | campaign |",
        "|---|---|---|---|---|---|---|",
    ]
    media: list[Media] = []
    for r in recalled.items:
        lines.append(
            f"| {r.similarity:.2f} | {r.model_id} | {r.seed} | {r.approvals} | {r.rejections} "
            f"| {cell(r.description[:60])} | {cell(r.campaign)} |"
        )
        if r.thumbnail is not None and r.thumbnail.is_file():
            media.append(Media(kind="image", path=r.thumbnail, name=f"{r.model_id} seed {r.seed}"))
    return Card(text="\n".join(lines), media=media)


HEADING = re.compile(r"^(#{1,6})(\s)")


def demote(markdown: str, levels: int = 3) -> str:
    """Headings made smaller (a saved page's '# Title' inside a chat card), at most level 6; hashtags stay."""
    return "\n".join(
        HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels) + m.group(2), line)
        for line in markdown.splitlines()
    )


def copy_card(written: CopyWritten) -> Card:
    """Post copy as markdown, with its files to download."""
    text = (
        f"### Post copy · {written.label}\n\n{demote(written.text)}\n\n"
        f"*Written by: {written.writer}. Saved with the deliverables (in the report and the zip).*"
    )
    return Card(text=text, media=[Media(kind="file", path=p, name=p.name) for p in written.files])


def voice_card(offer: VoiceOffer) -> Card:
    """The voices offered as a list with their traits, and the preview as an audio player."""
    lines = [f"### Voices for “{offer.asked}” · {offer.route} route"]
    for c in offer.candidates:
        mark = " ▶ *(preview below)*" if c.number == offer.previewed else ""
        why = f" — matches: {', '.join(c.matched)}" if c.matched else ""
        lines.append(f"{c.number}. **{c.name}** (`{c.voice_id}`) · {c.traits}{why}{mark}")
    if offer.missing:
        lines.append(f"\nNo voice on this route has: {', '.join(offer.missing)}.")
    cost = f" (preview cost ${offer.cost_usd:.4f}, charged to the campaign)" if offer.cost_usd else ""
    lines.append(f"\nPreview: “{offer.line}”{cost}\n\n**{offer.question}**")
    previewed = next(c for c in offer.candidates if c.number == offer.previewed)
    media = [Media(kind="audio", path=offer.preview, name=f"voice preview · {previewed.name}")]
    return Card(text="\n".join(lines), media=media)


def said_text(said: Said) -> str:
    """Plain words, a line per line (markdown would run them together); a refusal or a stop stands out."""
    text = "  \n".join(said.text.splitlines())
    if said.tone == "refused" and not said.text.startswith("Not done"):
        return f"**Not done:** {text}"
    if said.tone == "stopped":
        return f"**Stopped:** {text}"
    return text


def card(message: Message) -> Card | None:
    """The card for one message (None for a saved pick, which updates the keyframe messages in place)."""
    if isinstance(message, Said):
        return Card(text=said_text(message))
    if isinstance(message, Shown):
        return checkpoint_card(message.view)
    if isinstance(message, Delivered):
        return delivered_card(message.view)
    if isinstance(message, Recalled):
        return recalled_card(message)
    if isinstance(message, CopyWritten):
        return copy_card(message)
    if isinstance(message, VoiceOffer):
        return voice_card(message)
    if isinstance(message, PickSaved) and message.scene == 0:
        return picks_card(message.keyframes)
    return None


def pick_updates(campaign_id: str, saved: PickSaved, posted: dict[str, list[Option]]) -> dict[str, Card]:
    """The keyframe scene messages to update after a pick, by key: the options already posted, re-marked.

    ``posted`` holds each scene message's options as the checkpoint offered them; only their selected
    state changes, from the saved picks the core sent back.
    """
    updates = {}
    for group in saved.keyframes.groups:
        key = keyframe_key(campaign_id, group.scene)
        if key not in posted:
            continue
        chosen = {v.asset_id for v in group.variations if v.selected}
        options = [
            o.model_copy(update={"selected": o.press.asset_id in chosen}) if o.press.kind == DecisionKind.PICK else o
            for o in posted[key]
        ]
        updates[key] = keyframe_scene(campaign_id, group, options)
    return updates
