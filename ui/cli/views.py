"""Rich rendering of the conversation core's views and messages for the terminal (rendering only)."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from agent.conversation.messages import CopyWritten, Delivered, Message, PickSaved, Recalled, Said, Shown, VoiceOffer
from agent.conversation.views import (
    CheckpointView,
    ConceptView,
    DeliveredView,
    DerivativeView,
    FinalView,
    KeyframesView,
    ModelCell,
    StoryboardView,
    TakesView,
)

TONES = {"info": "", "done": "green", "question": "bold", "refused": "red", "stopped": "yellow"}


def concept_panel(view: ConceptView) -> Panel:
    """The concept card."""
    lines = [
        f"[bold]{escape(view.title)}[/bold]",
        escape(view.logline),
        "",
        f"mood: {escape(view.mood)} · style: {escape(view.style)} · palette: {', '.join(view.palette)}",
        f"key message: {escape(view.key_message)}",
    ]
    if view.changes:
        lines += ["", "[italic]changed:[/italic] " + escape("; ".join(view.changes))]
    if view.alternatives:
        lines += ["", "other directions:"] + [
            f"  {a.number}. {escape(a.title)} — {escape(a.logline)}" for a in view.alternatives
        ]
    return Panel("\n".join(lines), title=f"Concept (revision {view.revision}, {escape(view.made_by)})")


def model_text(cell: ModelCell) -> str:
    """'motion Veo 3.1 Fast → local draft' for a fallback, 'motion Kling 2.5 Turbo' otherwise."""
    local = " → local draft" if cell.preferred else ""
    return f"{cell.work} {cell.model_name}{local}"


def storyboard_table(view: StoryboardView) -> RenderableType:
    """Scenes: what each shows and says, and how it will be made."""
    table = Table(
        title=f"Storyboard · {view.duration_s:g} s · {view.aspect} {view.width}×{view.height} @ {view.fps} fps"
        f" · {view.variations} variations per scene"
    )
    for column in ("#", "s", "shows", "on screen / voiceover", "models", "seed", "$"):
        table.add_column(column, overflow="fold")
    for row in view.rows:
        said = "\n".join(x for x in (row.on_screen_text, f"“{row.voiceover}”" if row.voiceover else "") if x)
        models = "\n".join(model_text(c) for c in row.models) + (f"\n{row.recalled}" if row.recalled else "")
        models += "".join(f"\n{o}" for c in row.models for o in c.offers)
        models += f"\neffect: {row.sound}" if row.sound else ""
        table.add_row(
            str(row.index),
            f"{row.duration_s:g}",
            escape(f"{row.description}\n({row.shot}, {row.camera})"),
            escape(said),
            escape(models),
            f"{row.seed} · {row.guidance:g}",
            f"{row.cost_usd:.2f}",
        )
    cost = (
        f"Estimated cost now: ${view.estimated_cost_usd:.2f} · with the preferred models: "
        f"${view.provider_cost_usd:.2f} (the $ column)"
    )
    if view.music is not None:
        m = view.music
        music = (
            f"{'Sung jingle' if m.sung else 'Music bed'}: {m.duration_s:g} s · {m.mood} · {m.tempo_bpm} BPM · "
            f"{model_text(m.model)} · ${m.model.cost_usd:.2f}\n  {m.prompt}"
        )
    else:
        music = "No music"
    written = f"Written by the {escape(view.made_by)}"
    return Group(table, escape(music), cost, written, *(f"• {escape(n)}" for n in view.notes))


def keyframes_table(view: KeyframesView) -> Table:
    """Variations per scene, with the selected one marked."""
    table = Table(title="Keyframes")
    for column in ("scene", "shows", "variation", "seed", "file"):
        table.add_column(column, overflow="fold")
    for group in view.groups:
        for v in group.variations:
            mark = "✔ " if v.selected else ""
            table.add_row(
                str(group.scene), escape(group.description[:50]), f"{mark}v{v.number}", str(v.seed), str(v.path)
            )
    return table


def takes_table(view: TakesView) -> Table:
    """Clips and voiceovers per scene."""
    table = Table(title="Takes")
    for column in ("scene", "model", "s", "clip", "voiceover"):
        table.add_column(column, overflow="fold")
    for t in view.takes:
        model = f"{t.model_name} (local draft)" if t.local else t.model_name
        table.add_row(str(t.scene), escape(model), f"{t.duration_s:.2f}", str(t.clip), str(t.voice or "—"))
    for a in view.soundtrack:
        model = f"{a.model_name} (local draft)" if a.local else a.model_name
        table.add_row("♪", escape(model), f"{a.duration_s:.2f}", escape(a.label), str(a.path))
    return table


def files_table(title: str, view: FinalView | DeliveredView) -> Table:
    """A file per platform, labelled."""
    table = Table(title=title)
    for column in ("platform", "size", "s", "QA", "file"):
        table.add_column(column, overflow="fold")
    for f in view.files:
        label = f"{f.label} ({f.how})" if f.how else f.label
        qa = "passed" if f.qa_passed else "[red]failed: not shipped[/red]"
        table.add_row(label, f"{f.width}×{f.height}", f"{f.duration_s:.2f}", qa, str(f.path))
    return table


def derivative_panel(view: DerivativeView) -> Panel:
    """The priced ways to make another version."""
    dropped = f", dropping scene(s) {view.dropped}" if view.dropped else ""
    lines = [f"{view.label} · {view.duration_s:g} s · scenes {view.scenes}{dropped}"]
    lines += [
        f"  {s.label}: {s.what} · ${s.cost_usd:.2f}" + (" (suggested)" if s.suggested else "") for s in view.strategies
    ]
    return Panel(escape("\n".join(lines)), title="Another version")


def checkpoint(console: Console, view: CheckpointView) -> None:
    """Print a checkpoint's card, blocked scenes, money and question."""
    console.rule(f"[bold]{escape(view.title)} · checkpoint: {view.stage.value}")
    body = view.body
    if isinstance(body, ConceptView):
        console.print(concept_panel(body))
    elif isinstance(body, StoryboardView):
        console.print(storyboard_table(body))
    elif isinstance(body, KeyframesView):
        console.print(keyframes_table(body))
    elif isinstance(body, TakesView):
        console.print(takes_table(body))
    elif isinstance(body, FinalView):
        console.print(files_table("Final files", body))
    else:
        console.print(derivative_panel(body))
    for line in view.blocked:
        console.print(f"[red]blocked[/red] {escape(line)}")
    console.print(f"Money: {view.money.line()}")
    console.print(f"[italic]{escape(view.question)}[/italic]")


def options_line(view: CheckpointView) -> str:
    """The numbered options, on one line."""
    return "  ".join(
        escape(f"[{n}]") + f" {escape(o.label)}" + (" ✔" if o.selected else "") for n, o in enumerate(view.options, 1)
    )


def message(console: Console, item: Message) -> None:
    """Print one message of a turn's result."""
    if isinstance(item, Said):
        style = TONES[item.tone]
        console.print(f"[{style}]{escape(item.text)}[/{style}]" if style else escape(item.text))
    elif isinstance(item, Shown):
        checkpoint(console, item.view)
    elif isinstance(item, PickSaved):
        if item.scene:
            console.print(f"Picked scene {item.scene} · v{item.variation}.")
        else:
            console.print(keyframes_table(item.keyframes))
    elif isinstance(item, Delivered):
        console.print(files_table(f"Delivered · {item.view.title}", item.view))
        for path in (item.view.report, item.view.bundle, *item.view.copy_files):
            if path is not None:
                console.print(f"  {path}")
        console.print(f"Money: {item.view.money.line()}")
    elif isinstance(item, Recalled):
        console.print(recall_table(item))
    elif isinstance(item, CopyWritten):
        console.print(Panel(escape(item.text), title=f"Post copy · {item.label} ({item.writer})"))
        for path in item.files:
            console.print(f"  saved {path}")
    elif isinstance(item, VoiceOffer):
        voice_offer(console, item)


def voice_offer(console: Console, offer: VoiceOffer) -> None:
    """The voices offered, the preview to play, and the question."""
    table = Table(title=f"Voices on the {offer.route} route for “{escape(offer.asked)}”")
    for column in ("#", "voice", "id", "traits", "matches"):
        table.add_column(column, overflow="fold")
    for c in offer.candidates:
        mark = " ▶" if c.number == offer.previewed else ""
        table.add_row(f"{c.number}{mark}", escape(c.name), c.voice_id, escape(c.traits), escape(", ".join(c.matched)))
    console.print(table)
    if offer.missing:
        console.print(f"No voice on this route has: {', '.join(offer.missing)}.")
    cost = f" (${offer.cost_usd:.4f})" if offer.cost_usd else ""
    console.print(f"Preview of #{offer.previewed}{cost}: {offer.preview}  “{escape(offer.line)}”")
    console.print(f"[bold]{escape(offer.question)}[/bold]")


def recall_table(recalled: Recalled) -> Table:
    """Recalled combinations with their history and thumbnails."""
    table = Table(title=f"Here is what the memory holds for “{escape(recalled.query)}”")
    for column in ("match", "model", "seed", "guidance", "approved", "rejected", "scene", "campaign", "thumbnail"):
        table.add_column(column, overflow="fold")
    for r in recalled.items:
        table.add_row(
            f"{r.similarity:.2f}",
            r.model_id,
            str(r.seed),
            f"{r.guidance or ''}",
            str(r.approvals),
            str(r.rejections),
            escape(r.description[:60]),
            escape(r.campaign),
            str(r.thumbnail or ""),
        )
    return table
