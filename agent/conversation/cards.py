"""Build the typed views from a checkpoint and the campaign's state (pure functions, no I/O)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.checkpoints import Checkpoint
from agent.conversation.views import (
    CAPABILITY_LABELS,
    AudioTake,
    Body,
    CheckpointView,
    ConceptView,
    DerivativeView,
    Direction,
    FinalView,
    KeyframeGroup,
    KeyframesView,
    ModelCell,
    Money,
    MusicRow,
    Option,
    PlatformFile,
    Press,
    SceneRow,
    StoryboardView,
    Strategy,
    Swatch,
    Take,
    TakesView,
    Variation,
    platform_label,
)
from agent.domain import Concept, DecisionKind, ModelChoice, MusicBrief, PlannerRun, Scene, Stage, Storyboard
from agent.state import CampaignState, DerivativeOffer
from tools.catalog import Catalog, ModelSpec, load_catalog
from tools.local.palettes import PALETTES
from tools.recipe import Asset, Capability

NEXT_WORK: dict[Stage, frozenset[Capability]] = {
    Stage.STORYBOARD: frozenset({Capability.TEXT_TO_IMAGE}),
    Stage.KEYFRAMES: frozenset({Capability.IMAGE_TO_VIDEO, Capability.TEXT_TO_SPEECH}),
    Stage.TAKES: frozenset({Capability.UPSCALE}),
}
"""What the work after each checkpoint runs (priced from the storyboard's model choices)."""
NEXT_LABEL = {Stage.STORYBOARD: "keyframes", Stage.KEYFRAMES: "clips and voiceover", Stage.TAKES: "finishing"}


def stage_estimate(board: Storyboard | None, stage: Stage) -> float | None:
    """What the work after ``stage`` is estimated to cost, from the storyboard's model choices."""
    caps = NEXT_WORK.get(stage)
    if board is None or caps is None:
        return None
    return sum(c.estimated_cost_usd for s in board.scenes for c in s.models if c.capability in caps)


def concept_changes(old: Concept | None, new: Concept) -> list[str]:
    """What a revision changed, field by field ('mood: calm → playful')."""
    if old is None or old.revision == new.revision:
        return []
    changes = [
        f"{name.replace('_', ' ')}: {getattr(old, name) or '—'} → {getattr(new, name) or '—'}"
        for name in ("title", "mood", "style", "setting", "lighting", "key_message")
        if getattr(old, name) != getattr(new, name)
    ]
    if old.mood_words != new.mood_words:
        changes.append(f"direction: {', '.join(old.mood_words) or '—'} → {', '.join(new.mood_words)}")
    if old.palette != new.palette:
        changes.append(f"palette: {', '.join(old.palette)} → {', '.join(new.palette)}")
    if old.logline != new.logline and not changes:
        changes.append("logline rewritten")
    return changes or ["nothing visible changed: say more precisely what should change"]


def swatches(concept: Concept) -> list[Swatch]:
    """The palette's names with their colours (the concept's own, or the shared palette table's for older ones)."""
    if len(concept.palette_hex) == len(concept.palette):
        return [Swatch(name=n, hex=h) for n, h in zip(concept.palette, concept.palette_hex, strict=True)]
    known = {s.name: s.hex for palette in PALETTES.values() for s in palette}
    return [Swatch(name=name, hex=known.get(name)) for name in concept.palette]


def made_by(planner: str, run: PlannerRun | None) -> str:
    """Who wrote a part, in words: 'LLM planner (qwen2.5), repaired', 'offline planner (LLM planner failed: …)'."""
    for name, words in (("llm", "LLM planner"), ("offline", "offline planner")):
        if planner.startswith(name):
            said = words + planner[len(name) :]
            return f"{said}, {run.outcome.value}" if run is not None and name == "llm" else said
    return planner


def concept_view(concept: Concept, previous: Concept | None) -> ConceptView:
    """The concept card, with what changed since the previous revision."""
    return ConceptView(
        title=concept.title,
        logline=concept.logline,
        mood=concept.mood,
        style=concept.style,
        palette=concept.palette,
        swatches=swatches(concept),
        key_message=concept.key_message,
        revision=concept.revision,
        alternatives=[
            Direction(number=n, title=a.title, logline=a.logline) for n, a in enumerate(concept.alternatives, start=2)
        ],
        changes=concept_changes(previous, concept),
        planner=concept.planner,
        made_by=made_by(concept.planner, concept.run),
    )


OPTION_LABELS = {"generate_audio": "native audio", "resolution": "resolution", "rendering_speed": "speed"}
OPTION_VALUES = {"true": "on", "false": "off"}


def option_offers(choice: ModelChoice, spec: ModelSpec, cost: float) -> list[str]:
    """Each priced option of the step and what its other values would cost ('native audio: off · on $0.80')."""
    offers = []
    chosen = spec.option_values(choice.options)
    now = spec.rate(chosen)
    for name, option in spec.options.items():
        if now is None or now.amount_usd <= 0:
            break
        others = []
        for value in option.choices:
            rate = spec.rate({**chosen, name: value})
            if value == chosen[name] or rate is None or rate.amount_usd == now.amount_usd:
                continue
            others.append(f"{OPTION_VALUES.get(value, value)} ${cost * rate.amount_usd / now.amount_usd:.2f}")
        if others:
            label = OPTION_LABELS.get(name, name.replace("_", " "))
            offers.append(f"{label}: {OPTION_VALUES.get(chosen[name], chosen[name])} · " + " · ".join(others))
    return offers


def model_cell(choice: ModelChoice, catalog: Catalog) -> ModelCell:
    """One model choice, named for a person, with its priced options."""
    shown = choice.preferred_model_id or choice.model_id
    try:
        spec: ModelSpec | None = catalog.get(shown)
    except LookupError:
        spec = None
    name = spec.name if spec is not None else shown
    cost = choice.preferred_cost_usd if choice.preferred_cost_usd is not None else choice.estimated_cost_usd
    return ModelCell(
        offers=option_offers(choice, spec, cost) if spec is not None else [],
        work=CAPABILITY_LABELS.get(choice.capability.value, choice.capability.value),
        model_id=choice.model_id,
        model_name=name,
        local=choice.model_id.startswith("local/"),
        preferred=choice.preferred_model_id,
        cost_usd=choice.preferred_cost_usd if choice.preferred_cost_usd is not None else choice.estimated_cost_usd,
        reason=choice.reason,
    )


def scene_row(scene: Scene, catalog: Catalog) -> SceneRow:
    """A storyboard scene as a row."""
    recalled = None
    if scene.recalled is not None:
        r = scene.recalled
        recalled = f"recalled: {r.model_name}, seed {r.seed}, approved {r.approvals}× — {r.source}"
    return SceneRow(
        index=scene.index,
        purpose=scene.purpose.value,
        duration_s=scene.duration_s,
        description=scene.description,
        on_screen_text=scene.on_screen_text,
        voiceover=scene.voiceover,
        shot=scene.shot_type,
        camera=scene.camera_move,
        lighting=scene.lighting,
        models=[model_cell(c, catalog) for c in scene.models],
        seed=scene.seed,
        guidance=scene.guidance,
        cost_usd=sum(c.preferred_cost_usd or c.estimated_cost_usd for c in scene.models),
        recalled=recalled,
        sound=scene.sound,
    )


def music_row(music: MusicBrief, catalog: Catalog) -> MusicRow:
    """The music brief as the card shows it."""
    return MusicRow(
        prompt=music.prompt,
        mood=music.mood,
        tempo_bpm=music.tempo_bpm,
        duration_s=music.duration_s,
        model=model_cell(music.model, catalog),
        sung=bool(music.lyrics),
    )


def storyboard_view(board: Storyboard, catalog: Catalog | None = None) -> StoryboardView:
    """The storyboard card (models named from ``catalog``, the project's catalog by default)."""
    catalog = catalog or load_catalog()
    return StoryboardView(
        duration_s=board.duration_s,
        aspect=board.master_aspect,
        width=board.width,
        height=board.height,
        fps=board.fps,
        variations=board.variations,
        rows=[scene_row(s, catalog) for s in board.scenes],
        estimated_cost_usd=board.estimated_cost_usd,
        provider_cost_usd=board.provider_cost_usd,
        notes=board.notes,
        made_by=made_by(board.planner, board.run),
        music=music_row(board.music, catalog) if board.music else None,
    )


def _description(state: CampaignState, scene: int) -> str:
    board = state.storyboard
    return board.scene(scene).description if board is not None and board.has_scene(scene) else ""


def keyframes_view(state: CampaignState, picks: dict[int, str]) -> KeyframesView:
    """Variations per scene; ``picks`` (saved so far, or decided) mark the selected ones."""
    groups = []
    for scene, variations in sorted(state.keyframes.items()):
        chosen = picks.get(scene)
        groups.append(
            KeyframeGroup(
                scene=scene,
                description=_description(state, scene),
                variations=[
                    Variation(
                        number=n,
                        path=Path(a.path),
                        seed=a.recipe.seed,
                        model_id=a.recipe.model_id,
                        selected=a.id == chosen,
                        asset_id=a.id,
                    )
                    for n, a in enumerate(variations, start=1)
                ],
            )
        )
    return KeyframesView(groups=groups)


def takes_view(state: CampaignState, catalog: Catalog, previews: dict[int, Path]) -> TakesView:
    """Each scene's clip and voiceover (and its muxed preview where one was made)."""
    takes = []
    for scene, clip in sorted(state.clips.items()):
        voice = state.voiceovers.get(scene)
        name = _name(catalog, clip.recipe.model_id)
        chosen = _chosen_motion(state, scene)
        takes.append(
            Take(
                scene=scene,
                description=_description(state, scene),
                clip=Path(clip.path),
                voice=Path(voice.path) if voice else None,
                preview=previews.get(scene),
                width=clip.media.width,
                height=clip.media.height,
                duration_s=clip.media.duration_s or 0.0,
                model_id=clip.recipe.model_id,
                model_name=name,
                local=clip.recipe.model_id.startswith("local/"),
                chosen_name=_name(catalog, chosen) if chosen and chosen != clip.recipe.model_id else None,
            )
        )
    return TakesView(takes=takes, soundtrack=soundtrack_takes(state, catalog))


def soundtrack_takes(state: CampaignState, catalog: Catalog) -> list[AudioTake]:
    """The bed and the scene sounds made with the takes."""
    board = state.storyboard
    items: list[tuple[str, Asset]] = []
    if state.music is not None and board is not None and board.music is not None:
        sung = "sung jingle" if board.music.lyrics else "music bed"
        items.append((f"{sung} · {board.music.mood} · {board.music.tempo_bpm} BPM", state.music))
    for index, sound in sorted(state.sounds.items()):
        what = board.scene(index).sound if board is not None and board.has_scene(index) else sound.recipe.prompt
        items.append((f"scene {index} · sound: {what}", sound))
    return [
        AudioTake(
            label=label,
            path=Path(asset.path),
            duration_s=asset.media.duration_s or 0.0,
            model_name=_name(catalog, asset.recipe.model_id),
            local=asset.recipe.model_id.startswith("local/"),
        )
        for label, asset in items
    ]


def _name(catalog: Catalog, model_id: str) -> str:
    try:
        return catalog.get(model_id).name
    except LookupError:
        return model_id


def _chosen_motion(state: CampaignState, scene: int) -> str | None:
    """The model the storyboard names for a scene's motion (the preferred one when it runs locally)."""
    board = state.storyboard
    if board is None or not board.has_scene(scene):
        return None
    choice = next((c for c in board.scene(scene).models if c.capability is Capability.IMAGE_TO_VIDEO), None)
    return (choice.preferred_model_id or choice.model_id) if choice else None


def platform_file(platform: str, asset: Asset, *, qa_passed: bool = True, how: str = "") -> PlatformFile:
    """A finished file, labelled for its platform."""
    return PlatformFile(
        platform=platform,
        label=platform_label(platform),
        path=Path(asset.path),
        width=asset.media.width,
        height=asset.media.height,
        duration_s=asset.media.duration_s or 0.0,
        qa_passed=qa_passed,
        how=how,
    )


def derivative_view(offer: DerivativeOffer) -> DerivativeView:
    """The priced strategies for another version."""
    return DerivativeView(
        platform=offer.platform,
        label=platform_label(offer.platform),
        duration_s=offer.duration_s,
        scenes=[s for s, _ in offer.scenes],
        dropped=list(offer.dropped),
        strategies=[
            Strategy(strategy=s, label=label, what=what, cost_usd=cost, suggested=i == 0)
            for i, (s, label, what, cost) in enumerate(offer.options())
        ],
    )


def body(
    cp: Checkpoint, state: CampaignState, catalog: Catalog, picks: dict[int, str], previews: dict[int, Path]
) -> Body:
    """The card for the checkpoint's stage."""
    if cp.stage is Stage.CONCEPT:
        assert state.concept is not None
        return concept_view(state.concept, state.previous_concept)
    if cp.stage is Stage.STORYBOARD:
        assert state.storyboard is not None
        return storyboard_view(state.storyboard, catalog)
    if cp.stage is Stage.KEYFRAMES:
        return keyframes_view(state, dict(state.picks) | picks)
    if cp.stage is Stage.TAKES:
        return takes_view(state, catalog, previews)
    if cp.stage is Stage.FINAL:
        return FinalView(files=[platform_file(p, a) for p, a in sorted(state.exports.items())])
    return derivative_view(DerivativeOffer.model_validate(cp.content["offer"]))


def _press(cp: Checkpoint, kind: DecisionKind, **extra: Any) -> Press:
    return Press(campaign_id=cp.campaign_id, stage=cp.stage, kind=kind, **extra)


def options(cp: Checkpoint, card: Body) -> list[Option]:
    """What this card offers, in the order front ends show it."""
    found: list[Option] = []
    if isinstance(card, KeyframesView):
        for group in card.groups:
            found += [
                Option(
                    label=f"Pick scene {group.scene} · v{v.number}",
                    press=_press(cp, DecisionKind.PICK, scene=group.scene, asset_id=v.asset_id, variation=v.number),
                    icon="check-circle" if v.selected else "image",
                    hint=f"seed {v.seed}",
                    selected=v.selected,
                )
                for v in group.variations
            ]
    if isinstance(card, DerivativeView):
        found += [
            Option(
                label=f"{s.label} (${s.cost_usd:.2f})",
                press=_press(cp, DecisionKind.APPROVE, strategy=s.strategy),
                hint=s.what,
                icon="check" if s.suggested else None,
            )
            for s in card.strategies
        ]
    elif DecisionKind.APPROVE in cp.allowed:
        label = "Approve picks" if cp.stage is Stage.KEYFRAMES else "Approve"
        found.append(Option(label=label, press=_press(cp, DecisionKind.APPROVE), icon="check"))
    if DecisionKind.REDIRECT in cp.allowed:
        where = "the concept" if cp.stage is Stage.CONCEPT else "a scene or the concept"
        found.append(
            Option(
                label="Redirect…",
                press=_press(cp, DecisionKind.REDIRECT),
                icon="corner-up-left",
                hint=f"say what should change in {where} in your next message",
            )
        )
    if DecisionKind.REGENERATE in cp.allowed:
        found += [
            Option(label=f"Regenerate scene {i}", press=_press(cp, DecisionKind.REGENERATE, scene=i), icon="refresh-cw")
            for i in _scenes(card)
        ]
    if DecisionKind.CANCEL in cp.allowed:
        found.append(Option(label="Cancel", press=_press(cp, DecisionKind.CANCEL), icon="x"))
    return found


def _scenes(card: Body) -> list[int]:
    if isinstance(card, StoryboardView):
        return [r.index for r in card.rows]
    if isinstance(card, KeyframesView):
        return [g.scene for g in card.groups]
    if isinstance(card, TakesView):
        return [t.scene for t in card.takes]
    return []


def checkpoint_view(
    cp: Checkpoint,
    state: CampaignState,
    catalog: Catalog,
    money: Money,
    *,
    picks: dict[int, str] | None = None,
    previews: dict[int, Path] | None = None,
) -> CheckpointView:
    """The whole checkpoint, ready to render."""
    card = body(cp, state, catalog, picks or {}, previews or {})
    blocked = [f"scene {b.scene}: {b.reason}" for b in state.blocked.values()]
    return CheckpointView(
        campaign_id=cp.campaign_id,
        title=state.concept.title if state.concept else cp.campaign_id,
        stage=cp.stage,
        body=card,
        question=cp.question,
        blocked=blocked,
        money=money,
        options=options(cp, card),
    )
