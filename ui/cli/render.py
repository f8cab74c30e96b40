"""Rich rendering of plans, checkpoints and assets for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from agent.checkpoints import Checkpoint
from agent.domain import Concept, ModelChoice, Stage, Storyboard
from tools.recipe import Asset


def concept_panel(concept: Concept) -> Panel:
    """The concept card."""
    body = (
        f"[bold]{concept.title}[/bold]\n{concept.logline}\n\n"
        f"mood: {concept.mood} · style: {concept.style} · palette: {', '.join(concept.palette)}\n"
        f"key message: {concept.key_message}"
    )
    return Panel(body, title=f"Concept (revision {concept.revision})")


def storyboard_table(board: Storyboard) -> Table:
    """Scenes with their models, seeds and costs."""
    table = Table(
        title=f"Storyboard · {board.duration_s:g} s · {board.master_aspect} {board.width}×{board.height}"
        f" @ {board.fps} fps · {board.variations} variations per scene"
    )
    for column in ("#", "purpose", "s", "shot / camera", "voiceover", "models", "$", "seed"):
        table.add_column(column, overflow="fold")
    for scene in board.scenes:
        cost = sum(c.preferred_cost_usd or c.estimated_cost_usd for c in scene.models)
        table.add_row(
            str(scene.index),
            scene.purpose.value,
            f"{scene.duration_s:g}",
            f"{scene.shot_type}\n{scene.camera_move}",
            scene.voiceover,
            "\n".join(model_cell(c) for c in scene.models),
            f"{cost:.2f}",
            str(scene.seed),
        )
    return table


SHORT = {"text_to_image": "image", "image_to_video": "video", "text_to_speech": "voice"}


def model_cell(choice: ModelChoice) -> str:
    """'video wan-2.5 → local' for a local fallback, 'video kling-2.5-turbo' otherwise."""
    label = SHORT.get(choice.capability.value, choice.capability.value)
    if choice.preferred_model_id:
        return f"{label} {choice.preferred_model_id} → local"
    return f"{label} {choice.model_id}"


def cost_lines(board: Storyboard) -> list[str]:
    """Cost estimate and notes."""
    lines = [
        f"Estimated cost now: ${board.estimated_cost_usd:.2f}  ·  with the preferred models: "
        f"${board.provider_cost_usd:.2f} (the $ column)"
    ]
    return lines + [f"• {note}" for note in board.notes]


def assets_table(assets: list[Asset], title: str) -> Table:
    """Assets with kind, facts and status."""
    table = Table(title=title)
    for column in ("id", "kind", "scene", "facts", "status", "path"):
        table.add_column(column, overflow="fold")
    for a in assets:
        facts = []
        if a.media.width:
            facts.append(f"{a.media.width}×{a.media.height}")
        if a.media.duration_s:
            facts.append(f"{a.media.duration_s:.2f}s")
        table.add_row(a.id, a.kind.value, str(a.scene_index or ""), " ".join(facts), a.status.value, a.path)
    return table


def show_checkpoint(console: Console, cp: Checkpoint) -> None:
    """Print what a checkpoint asks the marketer to judge."""
    content: dict[str, Any] = cp.content
    console.rule(f"[bold]Checkpoint: {cp.stage.value}")
    if cp.stage is Stage.CONCEPT:
        console.print(concept_panel(Concept.model_validate(content["concept"])))
    elif cp.stage is Stage.STORYBOARD:
        board = Storyboard.model_validate(content["storyboard"])
        console.print(storyboard_table(board))
        for line in cost_lines(board):
            console.print(line)
    elif cp.stage is Stage.KEYFRAMES:
        for scene, variations in content["keyframes"].items():
            assets = [Asset.model_validate(v) for v in variations]
            console.print(assets_table(assets, f"Scene {scene} variations"))
    elif cp.stage is Stage.TAKES:
        assets = [Asset.model_validate(v) for v in [*content["clips"].values(), *content["voiceovers"].values()]]
        console.print(assets_table(assets, "Takes"))
    else:
        console.print(assets_table([Asset.model_validate(v) for v in content["exports"].values()], "Platform files"))
    console.print(f"[italic]{cp.question}[/italic]")
