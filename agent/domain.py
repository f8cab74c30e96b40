"""Campaign domain models (pydantic v2): what the planner writes and the marketer approves."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from tools.catalog import Tier
from tools.recipe import Asset, Capability, Recipe

__all__ = [
    "Asset",
    "Brief",
    "Concept",
    "ConceptOption",
    "Decision",
    "DecisionKind",
    "ModelChoice",
    "RecallNote",
    "Recipe",
    "Scene",
    "ScenePurpose",
    "Stage",
    "Storyboard",
]

MAX_BRIEF_CHARS = 20_000
MIN_DURATION_S = 3.0
MAX_DURATION_S = 180.0


class Stage(StrEnum):
    """The checkpoints of a campaign, in order."""

    CONCEPT = "concept"
    STORYBOARD = "storyboard"
    KEYFRAMES = "keyframes"
    TAKES = "takes"
    FINAL = "final"
    DERIVATIVE = "derivative"


class PlanOutcome(StrEnum):
    """How an LLM-planned part ended: taken as answered, fixed by rules, partly or wholly replaced offline."""

    ACCEPTED = "accepted"
    REPAIRED = "repaired"
    PARTIAL = "partial"
    """Some scenes (or fields) were replaced by the offline planner's; the rest is the LLM's."""
    FALLBACK = "fallback"
    """The offline planner made the whole part."""


class PlannerRun(BaseModel):
    """What one LLM planning step did: kept in the plan so every front end and eval reports it truthfully."""

    part: str
    """``brief``, ``concept`` or ``storyboard``."""
    model: str
    outcome: PlanOutcome
    attempts: int = Field(ge=0)
    latency_s: float = Field(ge=0)
    prompt_tokens: int = Field(default=0, ge=0)
    completion_tokens: int = Field(default=0, ge=0)
    repairs: list[str] = Field(default_factory=list)
    """Each deterministic fix, in words ('scene durations scaled from 95 s to 15 s')."""
    errors: list[str] = Field(default_factory=list)
    """Every problem the model's answers had, in full, in the order they were found."""


class Brief(BaseModel):
    """The marketer's brief: raw text plus what was read out of it."""

    raw: str = Field(min_length=1, max_length=MAX_BRIEF_CHARS)
    product: str
    audience: str
    platforms: list[str] = Field(min_length=1)
    tone: str
    style: str
    duration_s: float = Field(ge=MIN_DURATION_S, le=MAX_DURATION_S)
    budget_usd: float | None = Field(default=None, ge=0)
    constraints: list[str] = Field(default_factory=list)
    brand: str = ""
    """The brand the brief names ('Lumen', 'Salt & Stone'), or '' when none is named."""
    mood_words: list[str] = Field(default_factory=list)
    """The mood as the brief words it ('cosy', 'autumn'); ``tone`` is the nearest mood key."""
    setting: str = ""
    """Where the brief sets the film, with its preposition ('on a mountain trail'), or ''."""
    light: str = ""
    """The light the brief asks for ('warm morning light'), or ''."""
    time_of_day: str = ""
    """The time of day the brief names ('night', 'morning', 'golden hour'), or ''."""
    language: str = "en"
    """The ISO 639-1 code of the brief's language: the plan's copy and voice follow it."""
    run: PlannerRun | None = None
    """How the LLM read the brief; None when the rules alone read it (the offline planner)."""


class ConceptOption(BaseModel):
    """An alternative concept offered when the brief is vague."""

    title: str
    logline: str
    mood: str
    style: str
    key_message: str


class Concept(BaseModel):
    """The creative idea the storyboard is built on."""

    title: str
    logline: str
    mood: str
    style: str
    palette: list[str]
    key_message: str
    revision: int = 0
    feedback: list[str] = Field(default_factory=list)
    alternatives: list[ConceptOption] = Field(default_factory=list)
    """Other directions, offered when the brief is vague; 'go with alternative 2' picks one."""
    planner: str = "offline"
    """Which planner wrote it."""
    run: PlannerRun | None = None
    """The LLM step behind it (None for the offline planner)."""
    mood_words: list[str] = Field(default_factory=list)
    """The direction in words ('cosy', 'autumn', 'playful'): the brief's, plus what redirects added."""
    setting: str = ""
    """Where the film is set, with its preposition ('in a cosy café corner'); '' lets the storyboard choose."""
    lighting: str = ""
    """The light every scene starts from ('warm morning light, warm golden cast'); '' lets the mood choose."""
    palette_hex: list[str] = Field(default_factory=list)
    """The palette's colours as '#rrggbb', in the order of ``palette`` (empty for older concepts)."""


class ScenePurpose(StrEnum):
    """What a scene does in the story arc."""

    HOOK = "hook"
    STORY = "story"
    BENEFIT = "benefit"
    PRODUCT = "product"
    DETAIL = "detail"
    CTA = "cta"


class ModelChoice(BaseModel):
    """Which catalog model does one kind of work for a scene, and why."""

    capability: Capability
    model_id: str
    tier: Tier
    reason: str
    estimated_cost_usd: float
    preferred_model_id: str | None = None
    preferred_cost_usd: float | None = None
    options: dict[str, str] = {}
    """Priced request options set for this step (``generate_audio``, ``resolution``…); the rest take the
    catalog's defaults. The estimate is for these values."""


class RecallNote(BaseModel):
    """A combination remembered from an approved campaign and pre-filled into a scene."""

    model_id: str
    model_name: str
    seed: int | None
    guidance: float | None
    approvals: int
    rejections: int
    similarity: float
    source: str
    """The remembered scene's description."""
    campaign_title: str
    recipe_hash: str
    previous_model_id: str
    previous_seed: int
    previous_guidance: float

    def describe(self) -> str:
        """'recalled: FLUX.1 [schnell], seed 123, guidance 3.5 — approved twice for "…" in Spring'."""
        times = {1: "once", 2: "twice"}.get(self.approvals, f"{self.approvals} times")
        guidance = f", guidance {self.guidance:g}" if self.guidance is not None else ""
        place = f" in {self.campaign_title}" if self.campaign_title else ""
        return f"recalled: {self.model_name}, seed {self.seed}{guidance} — approved {times} for '{self.source}'{place}"


class MusicBrief(BaseModel):
    """The campaign's music bed, planned from the concept: one track the length of the cut."""

    prompt: str
    mood: str
    tempo_bpm: int = Field(ge=40, le=200)
    duration_s: float = Field(gt=0)
    model: ModelChoice
    feedback: list[str] = Field(default_factory=list)
    lyrics: str = ""
    """Only for a sung jingle (a model that sings); a bed is instrumental."""


class ReferenceRole(StrEnum):
    """What a reference image is for."""

    PRODUCT = "product"
    STYLE = "style"
    CHARACTER = "character"
    LOGO = "logo"


class SceneReference(BaseModel):
    """A reference image a scene's keyframe is made from (by sha256), and its role."""

    name: str
    sha256: str
    role: ReferenceRole = ReferenceRole.PRODUCT


class Scene(BaseModel):
    """One shot of the storyboard, with the parameters that will generate it."""

    index: int = Field(ge=1)
    purpose: ScenePurpose
    description: str
    duration_s: float = Field(gt=0)
    shot_type: str
    camera_move: str
    lighting: str
    on_screen_text: str
    voiceover: str
    prompt: str
    negative_prompt: str
    seed: int
    guidance: float
    models: list[ModelChoice]
    feedback: list[str] = Field(default_factory=list)
    recalled: RecallNote | None = None
    """A remembered recipe pre-filled into this scene (the marketer can reject it)."""
    sound: str = ""
    """The scene's sound effect or ambience ('soft rain on a window'); '' when the scene calls for none.
    Its model is the scene's ``text_to_sound`` choice."""
    sound_kind: str = ""
    """The kind of sound (``rain``, ``surf``, ``whoosh``…): what the local sound backend renders."""
    references: list[SceneReference] = Field(default_factory=list)
    """The references its keyframe is made from (the product in a product scene); sent as inputs."""
    brand: dict[str, str] = Field(default_factory=dict)
    """The brand kit this scene was held to (name and hashes), recorded in every recipe of the scene."""

    def choice(self, capability: Capability) -> ModelChoice:
        """The model choice for a capability."""
        for model in self.models:
            if model.capability == capability:
                return model
        raise LookupError(f"scene {self.index} has no model for {capability}")


class Storyboard(BaseModel):
    """Scenes, formats and the cost estimate shown at the storyboard checkpoint."""

    scenes: list[Scene] = Field(min_length=1)
    master_aspect: str
    width: int
    height: int
    fps: int
    variations: int = Field(ge=1, le=8)
    voice: str
    """The default voice: an espeak-ng name for the local route (providers fall back to their own default)."""
    voices: dict[str, str] = Field(default_factory=dict)
    """The voice chosen for a speech route (``local``, ``elevenlabs``, ``openai``…), by route name."""
    estimated_cost_usd: float
    provider_cost_usd: float
    planner: str = "offline"
    """Which planner wrote it: ``offline``, ``llm (<model>)``, or ``offline (LLM planner failed: …)``."""
    run: PlannerRun | None = None
    """The LLM step behind it (None for the offline planner)."""
    notes: list[str] = Field(default_factory=list)
    music: MusicBrief | None = None
    """The music bed; None plays the cut without music."""

    @property
    def duration_s(self) -> float:
        """Total runtime of the cut."""
        return round(sum(s.duration_s for s in self.scenes), 3)

    def voice_for(self, route: str) -> str:
        """The voice a speech route speaks this campaign with."""
        return self.voices.get(route, self.voice)

    def has_scene(self, index: int) -> bool:
        """Whether the storyboard has a scene with this index."""
        return any(s.index == index for s in self.scenes)

    def scene(self, index: int) -> Scene:
        """Scene by its 1-based index."""
        for scene in self.scenes:
            if scene.index == index:
                return scene
        raise LookupError(f"there is no scene {index}; scenes are 1–{len(self.scenes)}")


class DecisionKind(StrEnum):
    """What the marketer can answer at a checkpoint."""

    APPROVE = "approve"
    REDIRECT = "redirect"
    PICK = "pick"
    REGENERATE = "regenerate"
    CANCEL = "cancel"
    BACK = "back"
    """Return to an earlier checkpoint (``target``), keeping what was made; never feedback."""


class Decision(BaseModel):
    """The marketer's answer at a checkpoint; the resume value of an ``interrupt()``."""

    kind: DecisionKind
    feedback: str = ""
    target: Stage | None = None
    scene: int | None = Field(default=None, ge=1)
    picks: dict[int, str] = Field(default_factory=dict)
    model: str | None = None
    """Switch the scene to this catalog model (for the capability the model offers)."""
    strategy: str | None = None
    """For a derivative offer: ``reframe`` (free; ``crop`` or ``fill`` to choose how), or ``regenerate`` (paid)."""
    reject_recall: bool = False
    """Undo the recalled recipe on ``scene`` and remember that it was not wanted."""
    restart: bool = False
    """With ``back`` to the concept: a fresh concept from the brief, nothing carried over."""
    sound: bool = False
    """The feedback or model is for the soundtrack: the music bed, or with ``scene``, that scene's sound."""
    voice: str | None = None
    """With a redirect: speak the campaign with this voice (its id on ``voice_route``); only voiceovers are redone."""
    voice_route: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> Decision:
        if self.kind is DecisionKind.REDIRECT and not (
            self.feedback.strip() or self.model or self.reject_recall or self.voice
        ):
            raise ValueError("a redirect needs feedback (say what to change) or a model to switch to")
        if self.model is not None and self.scene is None and not self.sound:
            raise ValueError("say which scene should switch model")
        if self.voice is not None and self.voice_route is None:
            raise ValueError("say which speech route the voice is for")
        if self.reject_recall and self.scene is None:
            raise ValueError("say which scene's recalled recipe to reject")
        if self.kind is DecisionKind.PICK and not self.picks:
            raise ValueError("a pick needs at least one scene → variation choice")
        if self.kind is DecisionKind.REGENERATE and self.scene is None:
            raise ValueError("a regenerate decision names the scene to regenerate")
        if self.kind is DecisionKind.BACK and self.target is None:
            raise ValueError("say which checkpoint to go back to")
        return self
