"""What each checkpoint shows in chat: markdown, media and buttons, as plain data (no Chainlit here).

The Chainlit layer turns a :class:`Card` into a message; keeping the mapping pure lets it be tested
without a browser and keeps the app module thin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from agent.checkpoints import Checkpoint
from agent.domain import Concept, DecisionKind, Stage, Storyboard
from agent.state import DerivativeOffer
from tools.recipe import Asset, Capability
from ui.cli.render import model_cell

MediaKind = Literal["image", "video", "audio", "file"]

# What the work after each checkpoint runs (priced from the storyboard's model choices).
NEXT_WORK: dict[Stage, frozenset[Capability]] = {
    Stage.STORYBOARD: frozenset({Capability.TEXT_TO_IMAGE}),
    Stage.KEYFRAMES: frozenset({Capability.IMAGE_TO_VIDEO, Capability.TEXT_TO_SPEECH}),
    Stage.TAKES: frozenset({Capability.UPSCALE}),
}
NEXT_LABEL = {Stage.STORYBOARD: "keyframes", Stage.KEYFRAMES: "clips and voiceover", Stage.TAKES: "finishing"}


class Button(BaseModel):
    """One action button; ``payload`` goes back to the server when it is clicked."""

    label: str
    payload: dict[str, Any]
    tooltip: str = ""
    icon: str | None = None
    """A lucide icon name (emoji are not guaranteed to have a font)."""


class Media(BaseModel):
    """A file shown inline (image, video, audio) or offered for download."""

    kind: MediaKind
    path: Path
    name: str


class Card(BaseModel):
    """A chat message: markdown text, media and buttons; ``parts`` follow it as their own messages."""

    text: str
    media: list[Media] = []
    buttons: list[Button] = []
    parts: list[Card] = []


class Money(BaseModel):
    """The figures shown under every checkpoint."""

    next_label: str | None = None
    next_estimate_usd: float | None = None
    spent_usd: float = 0.0
    reserved_usd: float = 0.0
    budget_usd: float | None = None

    def line(self) -> str:
        """'Next: keyframes ≈ $0.40 · spent $0.00 · budget left $19.60 of $20'."""
        parts = []
        if self.next_label is not None and self.next_estimate_usd is not None:
            parts.append(f"Next: {self.next_label} ≈ **${self.next_estimate_usd:.2f}**")
        parts.append(f"spent ${self.spent_usd:.2f}")
        if self.reserved_usd:
            parts.append(f"reserved ${self.reserved_usd:.2f}")
        if self.budget_usd is not None:
            left = self.budget_usd - self.spent_usd - self.reserved_usd
            parts.append(f"budget left **${left:.2f}** of ${self.budget_usd:g}")
        else:
            parts.append("no budget set")
        return "**Money** " + " · ".join(parts)


def stage_estimate(board: Storyboard | None, stage: Stage) -> float | None:
    """What the work after ``stage`` is estimated to cost, from the storyboard's model choices."""
    caps = NEXT_WORK.get(stage)
    if board is None or caps is None:
        return None
    return sum(c.estimated_cost_usd for s in board.scenes for c in s.models if c.capability in caps)


def _decide(cp: Checkpoint, kind: DecisionKind, **extra: Any) -> dict[str, Any]:
    return {"campaign_id": cp.campaign_id, "stage": cp.stage.value, "kind": kind.value, **extra}


def _common_buttons(cp: Checkpoint, scenes: list[int]) -> list[Button]:
    buttons: list[Button] = []
    if DecisionKind.APPROVE in cp.allowed and cp.stage is not Stage.KEYFRAMES:
        buttons.append(Button(label="Approve", payload=_decide(cp, DecisionKind.APPROVE), icon="check"))
    if DecisionKind.REDIRECT in cp.allowed:
        buttons.append(
            Button(
                label="Redirect…",
                payload=_decide(cp, DecisionKind.REDIRECT),
                icon="corner-up-left",
                tooltip="Say what should change in your next message",
            )
        )
    if DecisionKind.REGENERATE in cp.allowed:
        buttons += [
            Button(
                label=f"Regenerate scene {i}", payload=_decide(cp, DecisionKind.REGENERATE, scene=i), icon="refresh-cw"
            )
            for i in scenes
        ]
    if DecisionKind.CANCEL in cp.allowed:
        buttons.append(Button(label="Cancel", payload=_decide(cp, DecisionKind.CANCEL), icon="x"))
    return buttons


def concept_card(cp: Checkpoint) -> Card:
    """The concept card with its alternatives."""
    concept = Concept.model_validate(cp.content["concept"])
    lines = [
        f"### Concept · {concept.title}" + (f" (revision {concept.revision})" if concept.revision else ""),
        f"> {concept.logline}",
        "",
        f"**Mood** {concept.mood} · **Style** {concept.style} · **Palette** {', '.join(concept.palette)}",
        f"**Key message** {concept.key_message}",
    ]
    if concept.alternatives:
        lines += ["", "**Other directions** (say “go with the second direction” or redirect):"]
        lines += [f"{n}. *{a.title}* — {a.logline}" for n, a in enumerate(concept.alternatives, start=2)]
    return Card(text="\n".join(lines), buttons=_common_buttons(cp, []))


def storyboard_card(cp: Checkpoint) -> Card:
    """Scenes with models, seeds, recalled recipes and the cost estimate."""
    board = Storyboard.model_validate(cp.content["storyboard"])
    lines = [
        f"### Storyboard · {board.duration_s:g} s · {board.master_aspect} {board.width}×{board.height} "
        f"@ {board.fps} fps · {board.variations} variations per scene",
        "",
        "| # | purpose | s | shot · camera | voiceover | models | seed · guidance | $ |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in board.scenes:
        cost = sum(c.preferred_cost_usd or c.estimated_cost_usd for c in s.models)
        models = " · ".join(model_cell(c) for c in s.models)
        recalled = f" · recalled (approved {s.recalled.approvals}×, see notes)" if s.recalled else ""
        lines.append(
            f"| {s.index} | {s.purpose.value} | {s.duration_s:g} | {s.shot_type} · {s.camera_move} | "
            f"{_cell(s.voiceover)} | {models}{_cell(recalled)} | {s.seed} · {s.guidance:g} | {cost:.2f} |"
        )
    lines += [
        "",
        f"**Estimated cost** ${board.estimated_cost_usd:.2f} now · ${board.provider_cost_usd:.2f} "
        "with the preferred models (the $ column)",
    ]
    lines += [f"- {note}" for note in board.notes]
    return Card(text="\n".join(lines), buttons=_common_buttons(cp, [s.index for s in board.scenes]))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def keyframes_card(cp: Checkpoint) -> Card:
    """Variations per scene as images, one message per scene with a Pick button for each variation."""
    keyframes: dict[str, list[dict[str, Any]]] = cp.content["keyframes"]
    parts: list[Card] = []
    for scene, variations in keyframes.items():
        assets = [Asset.model_validate(raw) for raw in variations]
        parts.append(
            Card(
                text=f"**Scene {scene}** · variations "
                + ", ".join(f"v{n} (seed {a.recipe.seed})" for n, a in enumerate(assets, start=1)),
                media=[
                    Media(kind="image", path=Path(a.path), name=f"scene {scene} · v{n}")
                    for n, a in enumerate(assets, start=1)
                ],
                buttons=[
                    Button(
                        label=f"Pick scene {scene} · v{n}",
                        payload=_decide(cp, DecisionKind.PICK, scene=int(scene), asset_id=a.id, variation=n),
                        tooltip=f"seed {a.recipe.seed} · {a.recipe.model_id}",
                        icon="image",
                    )
                    for n, a in enumerate(assets, start=1)
                ],
            )
        )
    text = "### Keyframes\nPick one variation per scene below (or redirect / regenerate a scene)."
    return Card(text=text, buttons=_common_buttons(cp, [int(s) for s in keyframes]), parts=parts)


def takes_card(cp: Checkpoint) -> Card:
    """Each scene's clip and voiceover, one message per scene."""
    clips: dict[str, dict[str, Any]] = cp.content["clips"]
    voices: dict[str, dict[str, Any]] = cp.content["voiceovers"]
    parts: list[Card] = []
    for scene in clips:
        clip = Asset.model_validate(clips[scene])
        media = [Media(kind="video", path=Path(clip.path), name=f"scene {scene} clip")]
        if scene in voices:
            media.append(Media(kind="audio", path=Path(voices[scene]["path"]), name=f"scene {scene} voiceover"))
        text = f"**Scene {scene}** · {clip.media.duration_s or 0:.2f} s · {clip.recipe.model_id}"
        parts.append(Card(text=text, media=media))
    text = "### Takes\nEach scene's clip and its voiceover, below."
    return Card(text=text, buttons=_common_buttons(cp, [int(s) for s in clips]), parts=parts)


def final_card(cp: Checkpoint) -> Card:
    """One finished file per platform, playable and downloadable."""
    exports: dict[str, dict[str, Any]] = cp.content["exports"]
    lines = ["### Final files", "| platform | size | length | file |", "|---|---|---|---|"]
    media: list[Media] = []
    for platform, raw in exports.items():
        asset = Asset.model_validate(raw)
        path = Path(asset.path)
        lines.append(
            f"| {platform} | {asset.media.width}×{asset.media.height} | {asset.media.duration_s or 0:.2f} s "
            f"| {path.name} |"
        )
        media.append(Media(kind="video", path=path, name=f"{platform} final"))
        media.append(Media(kind="file", path=path, name=path.name))
    lines.append("\nApprove to deliver, or ask for another version (“make a LinkedIn version”).")
    return Card(text="\n".join(lines), media=media, buttons=_common_buttons(cp, []))


def derivative_card(cp: Checkpoint) -> Card:
    """The two priced strategies for another version."""
    offer = DerivativeOffer.model_validate(cp.content["offer"])
    dropped = f" · dropping scene(s) {', '.join(map(str, offer.dropped))}" if offer.dropped else ""
    options = offer.options()
    lines = [
        f"### Another version · {offer.platform} · {offer.duration_s:g} s",
        f"Scenes {', '.join(str(s) for s, _ in offer.scenes)}{dropped}",
        "",
        *(
            f"- **{label}**: {what} · ${cost:.2f}" + (" (suggested)" if i == 0 else "")
            for i, (_, label, what, cost) in enumerate(options)
        ),
    ]
    text = "\n".join(lines)
    buttons = [
        Button(label=f"{label} (${cost:.2f})", payload=_decide(cp, DecisionKind.APPROVE, strategy=strategy))
        for strategy, label, _, cost in options
    ]
    buttons.append(Button(label="Cancel", payload=_decide(cp, DecisionKind.CANCEL), icon="x"))
    return Card(text=text, buttons=buttons)


BUILDERS = {
    Stage.CONCEPT: concept_card,
    Stage.STORYBOARD: storyboard_card,
    Stage.KEYFRAMES: keyframes_card,
    Stage.TAKES: takes_card,
    Stage.FINAL: final_card,
    Stage.DERIVATIVE: derivative_card,
}


def checkpoint_card(cp: Checkpoint, money: Money) -> Card:
    """The full message for a checkpoint: its content, blocked scenes, the money line and the buttons."""
    card = BUILDERS[cp.stage](cp)
    blocked = cp.content.get("blocked") or {}
    extra = [f"**Blocked** scene {scene}: {b['reason']}" for scene, b in blocked.items()]
    text = "\n\n".join([card.text, *extra, money.line(), f"*{cp.question}* You can also just type what you want."])
    return card.model_copy(update={"text": text})
