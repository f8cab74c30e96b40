"""Conversation evals: multi-turn marketer transcripts, each turn checked for its effect on the campaign.

Each conversation (``evals/datasets/conversations.yaml``) starts from a brief and runs turn by turn through
the conversation core, exactly as a front end would, on the local backends in a scratch data folder. A turn
lists the effects it must have (the stage it lands on, a warmer palette, a model kept, a pick kept,
nothing approved, copy written…). A conversation passes when every effect of every turn holds.
"""

from __future__ import annotations

import colorsys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from agent.conversation.cards import swatches
from agent.conversation.messages import CopyWritten, Said, Turn, TurnResult
from agent.conversation.turns import Conversation
from agent.conversation.views import CheckpointView, KeyframesView
from agent.domain import Concept, DecisionKind
from agent.intents.parser import IntentParser
from agent.llm.settings import LLMSettings
from agent.service import CampaignService
from agent.settings import Settings
from agent.state import CampaignState
from tools.recipe import Capability

DATASET = Path(__file__).parent / "datasets" / "conversations.yaml"
THRESHOLD = 0.90


class Step(BaseModel):
    """One turn of a transcript: words, an option pressed by its label, or approvals up to a stage."""

    say: str | None = None
    press: str | None = None
    approve_until: str | None = None
    expect: dict[str, Any] = Field(default_factory=dict)


class Transcript(BaseModel):
    """A conversation to replay."""

    name: str
    brief: str
    turns: list[Step]


class Check(BaseModel):
    """One expected effect of one turn."""

    turn: int
    name: str
    passed: bool
    detail: str = ""


class ConversationResult(BaseModel):
    """A transcript's outcome."""

    name: str
    checks: list[Check]
    error: str | None = None

    @property
    def passed(self) -> bool:
        """Every check of every turn held, and nothing crashed."""
        return self.error is None and all(c.passed for c in self.checks)


class Moment(BaseModel):
    """What a check sees: the state before and after the turn, what the turn said, and the first state."""

    before: CampaignState | None
    after: CampaignState | None
    result: TurnResult
    view: CheckpointView | None
    """The checkpoint the campaign waits at after the turn, as a front end would show it again."""
    status: str
    first: CampaignState | None
    remembered: dict[str, Any]


def load_transcripts(path: Path = DATASET) -> list[Transcript]:
    """The dataset."""
    return [Transcript.model_validate(raw) for raw in yaml.safe_load(path.read_text())]


def _rgb(colour: str) -> tuple[float, float, float]:
    hex_digits = colour.lstrip("#")
    return int(hex_digits[0:2], 16) / 255, int(hex_digits[2:4], 16) / 255, int(hex_digits[4:6], 16) / 255


def _colours(concept: Concept) -> list[str]:
    return [s.hex for s in swatches(concept.palette) if s.hex]


def warmth(concept: Concept) -> float:
    """How warm a palette is: the mean closeness of its hues to orange (1 = orange, 0 = blue)."""
    scores = []
    for colour in _colours(concept):
        hue, _, saturation = colorsys.rgb_to_hsv(*_rgb(colour))
        distance = min(abs(hue - 30 / 360), 1 - abs(hue - 30 / 360)) * 2  # 0 at orange, 1 at its opposite
        scores.append((1 - distance) * saturation + 0.5 * (1 - saturation))
    return sum(scores) / len(scores) if scores else 0.5


def lightness(concept: Concept) -> float:
    """Mean value (brightness) of the palette."""
    values = [colorsys.rgb_to_hsv(*_rgb(c))[2] for c in _colours(concept)]
    return sum(values) / len(values) if values else 0.5


def _said(m: Moment) -> str:
    return "\n".join(x.text for x in m.result.messages if isinstance(x, Said)).lower()


def _concept_text(state: CampaignState | None) -> str:
    c = state.concept if state else None
    return f"{c.title} {c.logline} {c.mood} {c.style} {c.key_message}".lower() if c else ""


def _video_model(state: CampaignState | None, scene: int) -> str | None:
    board = state.storyboard if state else None
    if board is None or not board.has_scene(scene):
        return None
    choice = board.scene(scene).choice(Capability.IMAGE_TO_VIDEO)
    return choice.preferred_model_id or choice.model_id


def _stage(m: Moment) -> str:
    return m.view.stage.value if m.view is not None else m.status


def _palette(m: Moment, way: str) -> tuple[bool, str]:
    old, new = (m.before.concept if m.before else None), (m.after.concept if m.after else None)
    if old is None or new is None:
        return False, "no concept to compare"
    measure = lightness if way in ("darker", "brighter") else warmth
    a, b = measure(old), measure(new)
    moved = b > a + 0.01 if way in ("warmer", "brighter") else b < a - 0.01
    return moved, f"{measure.__name__} {a:.2f} → {b:.2f} ({', '.join(old.palette)} → {', '.join(new.palette)})"


def _copy(m: Moment, want: dict[str, Any]) -> tuple[bool, str]:
    written = [x for x in m.result.messages if isinstance(x, CopyWritten)]
    if not written:
        return False, "no copy written"
    copy = written[-1]
    ok = copy.platform == want.get("platform", copy.platform) and all(f.is_file() for f in copy.files)
    if "count" in want:
        ok = ok and copy.text.count("\n## ") == int(want["count"])
    return ok, f"{copy.platform}: {copy.text[:80]!r}"


def _approvals(state: CampaignState | None) -> int:
    kinds = (DecisionKind.APPROVE, DecisionKind.PICK)
    return sum(d.decision.kind in kinds for d in state.decisions) if state else 0


def _nothing_approved(m: Moment, want: bool) -> tuple[bool, str]:
    before, after = _approvals(m.before), _approvals(m.after)
    return (after == before) == bool(want), f"approvals {before} → {after}"


def _model_kept(m: Moment, scene: int) -> tuple[bool, str]:
    now, then = _video_model(m.after, int(scene)), m.remembered.get(f"video{scene}")
    return then is not None and now == then, f"{now} (set: {then})"


def _seeds_kept(m: Moment, want: bool) -> tuple[bool, str]:
    new = m.after.storyboard if m.after else None
    old = m.first.storyboard if m.first else None
    if new is None or old is None:
        return False, "no storyboard to compare"
    shared = [s.index for s in new.scenes if old.has_scene(s.index)]
    same = all(new.scene(i).seed == old.scene(i).seed for i in shared)
    return same == bool(want), f"seeds {[new.scene(i).seed for i in shared]} vs {[old.scene(i).seed for i in shared]}"


def _scene_changed(m: Moment, scene: int) -> tuple[bool, str]:
    old = m.before.storyboard if m.before else None
    new = m.after.storyboard if m.after else None
    if old is None or new is None or not new.has_scene(int(scene)):
        return False, "no storyboard"
    changed = [s.index for s in new.scenes if old.has_scene(s.index) and old.scene(s.index) != s]
    return changed == [int(scene)], f"changed scenes {changed}"


def _concept_is_first(m: Moment, want: bool) -> tuple[bool, str]:
    same = m.first is not None and m.after is not None and m.first.concept == m.after.concept
    return same == bool(want), "same as the first concept" if same else "differs from the first concept"


CHECKS: dict[str, Callable[[Moment, Any], tuple[bool, str]]] = {
    "stage": lambda m, want: (_stage(m) == want, f"at {_stage(m)}"),
    "said": lambda m, want: (str(want).lower() in _said(m), _said(m)[:200]),
    "not_said": lambda m, want: (str(want).lower() not in _said(m), _said(m)[:200]),
    "nothing_approved": _nothing_approved,
    "palette": _palette,
    "mood_has": lambda m, want: (str(want).lower() in _concept_text(m.after), _concept_text(m.after)[:200]),
    "concept_keeps": lambda m, want: (str(want).lower() in _concept_text(m.after), _concept_text(m.after)[:200]),
    "concept_changed": lambda m, want: (
        (m.before is not None and m.after is not None and m.before.concept != m.after.concept) == bool(want),
        "concept changed" if m.before and m.after and m.before.concept != m.after.concept else "concept unchanged",
    ),
    "concept_is_first": _concept_is_first,
    "feedback_count": lambda m, want: (
        len(m.after.concept_feedback if m.after else []) == int(want),
        f"{m.after.concept_feedback if m.after else []}",
    ),
    "video_model_kept": _model_kept,
    "video_model": lambda m, want: (str(want) in (_video_model(m.after, 2) or ""), f"{_video_model(m.after, 2)}"),
    "seeds_kept": _seeds_kept,
    "scene_changed": _scene_changed,
    "picked": lambda m, want: _picked(m, want),
    "copy": _copy,
}


def _picked(m: Moment, want: dict[str, int]) -> tuple[bool, str]:
    view = m.view
    if view is None or not isinstance(view.body, KeyframesView):
        state = m.after
        if state is None:
            return False, "no state"
        scene, number = int(want["scene"]), int(want["variation"])
        chosen = state.picks.get(scene)
        ok = chosen is not None and state.keyframes[scene][number - 1].id == chosen
        return ok, f"picks {state.picks}"
    group = next((g for g in view.body.groups if g.scene == int(want["scene"])), None)
    got = group.picked if group else None
    return got == int(want["variation"]), f"scene {want['scene']} shows v{got} selected"


async def _step(conv: Conversation, campaign: str | None, step: Step) -> TurnResult:
    if step.approve_until is not None:
        target = step.approve_until
        result = await conv.show(campaign or "")
        while (view := result.checkpoint) is not None and view.stage.value != target:
            result = await conv.turn(campaign, Turn(text="approve"))
        return result
    if step.press is not None:
        shown = (await conv.show(campaign or "")).checkpoint
        if shown is None:
            raise ValueError(f"nothing to press {step.press!r} on")
        option = next((o for o in shown.options if o.label == step.press), None)
        if option is None:
            raise ValueError(f"no option {step.press!r}; options: {[o.label for o in shown.options]}")
        return await conv.turn(campaign, Turn(press=option.press))
    return await conv.turn(campaign, Turn(text=step.say or ""))


async def run_transcript(service: CampaignService, transcript: Transcript, parser: IntentParser) -> ConversationResult:
    """Replay one conversation and check every turn."""
    conv = Conversation(service, parser)
    checks: list[Check] = []
    try:
        result = await conv.turn(None, Turn(text=transcript.brief))
        campaign = result.campaign_id
        first = await service.state(campaign) if campaign else None
        remembered: dict[str, Any] = {}
        for number, step in enumerate(transcript.turns, start=1):
            before = await service.state(campaign) if campaign else None
            result = await _step(conv, campaign, step)
            campaign = result.campaign_id or campaign
            after = await service.state(campaign) if campaign else None
            if first is not None and first.storyboard is None and after is not None and after.storyboard is not None:
                first = after
            for scene in range(1, 7):
                if (model := _video_model(after, scene)) is not None and f"video{scene}" not in remembered:
                    remembered[f"video{scene}"] = model
            if "video_model_set" in step.expect:
                scene = int(step.expect["video_model_set"])
                remembered[f"video{scene}"] = _video_model(after, scene)
            now = await conv.show(campaign) if campaign else TurnResult()
            moment = Moment(
                before=before,
                after=after,
                result=result,
                view=now.checkpoint,
                status=now.status or "none",
                first=first,
                remembered=remembered,
            )
            for name, want in step.expect.items():
                if name == "video_model_set":
                    continue
                ok, detail = CHECKS[name](moment, want)
                checks.append(Check(turn=number, name=name, passed=ok, detail=detail))
    except Exception as exc:  # a crash fails the conversation, with its reason
        return ConversationResult(name=transcript.name, checks=checks, error=f"{type(exc).__name__}: {exc}")
    return ConversationResult(name=transcript.name, checks=checks)


class ConversationReport(BaseModel):
    """Every transcript's result, and the share that passed."""

    parser: str
    results: list[ConversationResult]

    @property
    def score(self) -> float:
        """Share of conversations whose every turn had its expected effect."""
        return sum(r.passed for r in self.results) / len(self.results) if self.results else 0.0

    def failures(self) -> list[str]:
        """One line per failed conversation: which turn, which effect, what was seen."""
        lines = []
        for r in self.results:
            if r.error:
                lines.append(f"{r.name}: {r.error}")
            lines += [f"{r.name} · turn {c.turn} · {c.name}: {c.detail}" for c in r.checks if not c.passed]
        return lines


async def score_conversations(
    parser: IntentParser, transcripts: list[Transcript] | None = None, *, llm: LLMSettings | None = None
) -> ConversationReport:
    """Replay every transcript on the local backends in a scratch data folder (memory off).

    ``llm`` chooses the planner (the environment's when None; ``LLMSettings(STUDIO_LLM=False)`` for offline).
    """
    transcripts = transcripts if transcripts is not None else load_transcripts()
    with tempfile.TemporaryDirectory(prefix="studio-eval-") as home:
        settings = Settings(home=Path(home), variations=2, memory=False)
        async with CampaignService.open(settings) as service:
            if llm is not None:
                service.context.llm = llm  # read when the planner is first needed
            results = [await run_transcript(service, t, parser) for t in transcripts]
    return ConversationReport(parser=parser.name, results=results)
