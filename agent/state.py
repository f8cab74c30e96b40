"""Graph state: everything a campaign has decided and produced, persisted by the checkpointer."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from agent.blocking import Blocked
from agent.domain import Brief, Concept, Decision, ReferenceRole, Stage, Storyboard
from tools.brand import BrandError as BrandError  # re-exported for front ends
from tools.brand import BrandKit
from tools.brand import BrandStore as BrandStore  # re-exported for front ends
from tools.delivery.pipeline import Delivery
from tools.recipe import Asset


class DeriveRequest(BaseModel):
    """'Make a LinkedIn version', 'a 7-second square cut'."""

    platform: str
    duration_s: float | None = None


class DerivativeOffer(BaseModel):
    """The two ways to make a derivative, priced, and how the cut adapts."""

    platform: str
    duration_s: float
    scenes: list[tuple[int, float]]
    """Kept scenes and their new lengths, in order."""
    dropped: list[int]
    framing: str | None = None
    """How reframing fits the new aspect by default: ``crop`` or ``fill`` (``None``: same aspect, a re-cut)."""
    kept_share: float = 1.0
    """Share of the frame a crop keeps."""
    reframe_usd: float = 0.0
    regenerate_usd: float
    regenerate_note: str

    def options(self) -> list[tuple[str, str, str, float]]:
        """(strategy, label, what it does, cost) per way to make it; the recommended reframe first."""
        keeps = f"keeps {self.kept_share:.0%} of the frame, placed on the subject of each shot"
        crop = ("crop", "Crop to the subject", f"full-bleed; {keeps}", self.reframe_usd)
        fill = ("fill", "Blurred fill", "the whole picture, fitted over a blurred copy of itself", self.reframe_usd)
        if self.framing is None:
            reframes = [("reframe", "Re-cut", "the approved media, same frame, new length", self.reframe_usd)]
        else:
            reframes = [crop, fill] if self.framing == "crop" else [fill, crop]
        regenerate = (
            "regenerate",
            "Regenerate",
            f"new shots at the new frame ({self.regenerate_note})",
            self.regenerate_usd,
        )
        return [*reframes, regenerate]


class Derivative(BaseModel):
    """A finished derivative and where it came from."""

    platform: str
    duration_s: float
    strategy: str
    framing: str | None = None
    """For a reframe: ``crop`` or ``fill`` as delivered (``None`` when the aspect did not change)."""
    exports: list[Asset]
    source_asset_ids: list[str]

    @property
    def how(self) -> str:
        """'reframe · crop', 'reframe · fill', 'reframe' or 'regenerate'."""
        return f"{self.strategy} · {self.framing}" if self.framing else self.strategy

    qa_passed: bool


class DecisionRecord(BaseModel):
    """A decision as it was taken, for the manifest and the learn stage."""

    stage: Stage
    decision: Decision
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class ReferenceImage(BaseModel):
    """An image the marketer supplied (product shot, brand asset) to steer the keyframes."""

    name: str
    path: str
    sha256: str
    width: int
    height: int
    palette: list[str] = Field(default_factory=list)
    """Its dominant colours as hex, strongest first (what the local draft backend paints with)."""
    role: ReferenceRole = ReferenceRole.PRODUCT
    """What it is for: product scenes take the product reference to a reference-capable model."""


class CampaignState(BaseModel):
    """The campaign thread's state. Nodes return partial updates; fields are replaced, not merged."""

    campaign_id: str
    """Also the LangGraph thread id and the campaign's folder name."""
    brief_text: str
    """The brief exactly as the marketer wrote it."""
    brand: str | None = None
    """Brand whose memory recalls are preferred (and which new records are filed under)."""
    kit: BrandKit | None = None
    """The brand kit of that name, when the workspace has one: it constrains concept, prompts and finish."""
    platforms: list[str] = Field(default_factory=list)
    """Explicit platform overrides (CLI flags); empty means read them from the brief."""
    duration_s: float | None = None
    """Explicit duration override."""
    budget_usd: float | None = None
    """Explicit budget override."""
    references: list[ReferenceImage] = Field(default_factory=list)
    """Reference images supplied with the brief; every keyframe recipe records their hashes."""
    brief: Brief | None = None
    """The brief as parsed."""
    concept_feedback: list[str] = Field(default_factory=list)
    """Redirect feedback aimed at the concept, oldest first."""
    concept: Concept | None = None
    """The current concept."""
    previous_concept: Concept | None = None
    """The concept the last rewrite replaced ('undo' at the concept brings it back)."""
    carried: Storyboard | None = None
    """The storyboard a concept rewrite replaced: its seeds and the marketer's model choices carry over."""
    storyboard: Storyboard | None = None
    """The current storyboard; scenes keep their seeds across revisions."""
    keyframes: dict[int, list[Asset]] = Field(default_factory=dict)
    """Current keyframe variations per scene index."""
    picks: dict[int, str] = Field(default_factory=dict)
    """Picked keyframe asset id per scene index."""
    clips: dict[int, Asset] = Field(default_factory=dict)
    """Current clip per scene index."""
    voiceovers: dict[int, Asset] = Field(default_factory=dict)
    """Current voiceover per scene index."""
    music: Asset | None = None
    """The current music bed (made with the takes)."""
    sounds: dict[int, Asset] = Field(default_factory=dict)
    """Current sound effect per scene index (scenes whose storyboard asks for one)."""
    exports: dict[str, Asset] = Field(default_factory=dict)
    """Final file per platform id (rejected status: failed QA, not shipped)."""
    upscaled: dict[int, Asset] = Field(default_factory=dict)
    """Upscaled versions of clips that came back smaller than the master frame."""
    delivery: Delivery | None = None
    """Soundtrack, captions, covers, QA, contact sheets and timeline of the finished cut."""
    derivatives: list[Derivative] = Field(default_factory=list)
    """Versions made later for other platforms or lengths."""
    derive_request: DeriveRequest | None = None
    """A derivative asked for, on its way through the offer checkpoint."""
    derivative_offer: DerivativeOffer | None = None
    """The priced strategies shown at the derivative checkpoint."""
    derive_strategy: str | None = None
    """The strategy chosen: reframe (or its ``crop`` / ``fill``) or regenerate."""
    blocked: dict[int, Blocked] = Field(default_factory=dict)
    """Scenes a provider refused (safety or budget), shown at the next checkpoint."""
    stale: list[int] = Field(default_factory=list)
    """Scenes whose media must be regenerated (redirected or regenerated); empty means all missing."""
    history: list[Asset] = Field(default_factory=list)
    """Assets that were replaced: kept (with their status) for lineage and learning."""
    pending: Decision | None = None
    """A redirect or regenerate decision on its way to the node that applies it."""
    decisions: list[DecisionRecord] = Field(default_factory=list)
    """Every decision taken, in order."""
    status: str = "planning"
    """planning, waiting, producing, delivered or cancelled."""

    def current_assets(self) -> list[Asset]:
        """Assets in use now: keyframe variations, clips, voiceovers, music, sounds and exports."""
        current = [a for variations in self.keyframes.values() for a in variations]
        derived = [a for d in self.derivatives for a in d.exports]
        return [
            *current,
            *self.clips.values(),
            *self.upscaled.values(),
            *self.voiceovers.values(),
            *([self.music] if self.music else []),
            *self.sounds.values(),
            *self.exports.values(),
            *derived,
        ]

    def all_assets(self) -> list[Asset]:
        """Every asset, replaced ones first."""
        return [*self.history, *self.current_assets()]

    def find(self, asset_id: str) -> Asset | None:
        """Asset by id among current and replaced ones."""
        return next((a for a in self.all_assets() if a.id == asset_id), None)
