"""Turn an understood chat turn into a checkpoint decision, or a reply when it is not one."""

from __future__ import annotations

from pydantic import BaseModel

from agent.checkpoints import Checkpoint
from agent.domain import Decision, DecisionKind, Stage
from agent.intents.schema import Action, Intent, Target
from tools.catalog import load_catalog
from tools.recipe import Capability

ASPECT_PLATFORMS = {"1:1": "feed_square", "4:5": "feed_portrait", "9:16": "tiktok", "16:9": "youtube"}
UPSCALER = "through the catalog's upscaler (Topaz when a provider routes it, else a local Lanczos scale)"
NO_4K = (
    "Upscaling beyond the master frame (say to 4K) or one file on request is not built: each platform's "
    "export is made at that platform's own size."
)
VOICE = (
    "Describe the voice you want ('a warmer female voice', 'a British narrator', 'try the voice Rachel'): I rank "
    "the voices of the route that speaks your voiceovers (espeak-ng locally, ElevenLabs or OpenAI with a key), "
    "play the best match on your first line, and set it when you say yes (only the voiceovers are remade). "
    "Pace and pronunciation are not adjustable from chat; a provider voice model ('use ElevenLabs for scene 2') "
    "sounds less robotic than the local draft voice."
)
FINISHING = {
    Target.VOICE: VOICE,
    Target.EDIT: (
        "The cut is made at delivery: transitions (cut, crossfade, dip to black) and the colour grade follow "
        "the concept's mood. Editing the cut itself from chat is not built; redirect the concept's mood "
        "('make it calmer') or a scene instead."
    ),
}


# Replies that change nothing at the checkpoint (until the conversation core answers the new actions).
CONVERSATION = {
    Action.VOICEOVER: VOICE,
    Action.DECLINE: "OK, nothing changed. Approve, say what to change, or cancel when you're ready.",
    Action.HELP: "Here you can approve, say what to change (e.g. 'scene 2 darker'), pick variations ('1=2 2=1'), "
    "ask for another platform ('make a LinkedIn version'), or cancel.",
    Action.QUESTION: "I can't answer that from this checkpoint yet; the card shows the costs and models.",
    Action.NAVIGATE: "Going back from chat is not built yet; redirect this checkpoint instead.",
    Action.COPY: "Writing post copy from chat is not built yet.",
}


class Reply(BaseModel):
    """Something to tell the marketer instead of deciding."""

    text: str
    memory_query: str | None = None
    """Set when the turn asks the memory; the front end shows what it recalls."""
    derive_platform: str | None = None
    """Set when the turn asks for another version; the front end offers the derivative."""
    derive_duration_s: float | None = None


def to_decision(intent: Intent, cp: Checkpoint) -> Decision | Reply:
    """The decision a turn asks for at this checkpoint."""
    action = intent.action
    if action is Action.APPROVE:
        strategy = intent.strategy if cp.stage is Stage.DERIVATIVE else None
        return Decision(kind=DecisionKind.APPROVE, strategy=strategy)
    if action is Action.CANCEL:
        return Decision(kind=DecisionKind.CANCEL)
    if action is Action.REDIRECT:
        return _redirect(intent, cp)
    if action is Action.PICK:
        return _pick(intent, cp)
    if action is Action.REGENERATE and intent.scene is not None:
        return Decision(kind=DecisionKind.REGENERATE, scene=intent.scene)
    if action is Action.CHANGE_MODEL:
        return _change_model(intent)
    if action is Action.NEW_BRIEF:
        return Reply(text='That looks like a new brief: start it as a new campaign (studio run "<brief>").')
    if action is Action.DERIVATIVE:
        return _derivative(intent, cp)
    if action is Action.MEMORY:
        return Reply(text="Here is what the memory holds for that:", memory_query=intent.feedback)
    if action is Action.CLARIFY:
        return Reply(text=intent.question or "Could you say that another way?")
    if action is Action.UPSCALE:
        return Reply(text=_upscale(cp))
    return Reply(text=CONVERSATION.get(action, "Could you say that another way?"))


def _upscale(cp: Checkpoint) -> str:
    """Upscaling exists inside delivery; say where this campaign is with it, and what is not built."""
    if cp.stage in (Stage.FINAL, Stage.DERIVATIVE):
        done = f"Clips smaller than the master frame were upscaled at delivery {UPSCALER}."
    else:
        done = f"Every clip smaller than the master frame is upscaled at delivery {UPSCALER}; nothing to ask for."
    return f"{done} {NO_4K}"


def _change_model(intent: Intent) -> Decision | Reply:
    retired = load_catalog().retirement(intent.model_id) if intent.model_id else None
    if retired:
        return Reply(text=f"{retired} Name it with a scene, e.g. 'use it for scene 2'.")
    known = {m.id: m for m in load_catalog().models}
    capabilities = known[intent.model_id].capabilities if intent.model_id in known else []
    if Capability.TEXT_TO_MUSIC in capabilities:
        return Decision(kind=DecisionKind.REDIRECT, model=intent.model_id, sound=True)
    if Capability.TEXT_TO_SOUND in capabilities and intent.scene:
        return Decision(kind=DecisionKind.REDIRECT, scene=intent.scene, model=intent.model_id, sound=True)
    if intent.model_id and intent.scene:
        return Decision(kind=DecisionKind.REDIRECT, scene=intent.scene, model=intent.model_id)
    if intent.model_id:
        return Reply(text=f"Which scene should use {intent.model_id}? Say e.g. 'use it for scene 2'.")
    return Reply(
        text="Switching every scene to another tier from chat is not built yet; name a model and a scene, "
        "e.g. 'use Kling for scene 2'."
    )


def _derivative(intent: Intent, cp: Checkpoint) -> Reply:
    platform = intent.platform or ASPECT_PLATFORMS.get(intent.aspect_ratio or "")
    if platform is None and intent.duration_s is None:
        return Reply(text="Which platform or format should the new version be for?")
    own = next(iter(cp.content.get("exports", {})), "tiktok")  # a length-only cut keeps the campaign's platform
    return Reply(
        text="I'll make that version once these files are approved.",
        derive_platform=platform or own,
        derive_duration_s=intent.duration_s,
    )


SOUND_STAGES = (Stage.STORYBOARD, Stage.KEYFRAMES, Stage.TAKES)
SOUND_LATER = {
    Stage.CONCEPT: "The music and sound effects are planned with the storyboard: approve the concept, then say "
    "e.g. 'calmer music' or 'add rain to scene 2'.",
}
SOUND_DONE = (
    "These files already carry the soundtrack. To change the music or a scene's sound, go back to the takes "
    "('back to the takes') and say e.g. 'calmer music'; only the soundtrack is remade."
)


def _sound(intent: Intent, cp: Checkpoint) -> Decision | Reply:
    """The bed or a scene's sound: redirected where the soundtrack can still change."""
    if cp.stage in SOUND_STAGES:
        return Decision(kind=DecisionKind.REDIRECT, feedback=intent.feedback, scene=intent.scene, sound=True)
    return Reply(text=SOUND_LATER.get(cp.stage, SOUND_DONE))


def _redirect(intent: Intent, cp: Checkpoint) -> Decision | Reply:
    if intent.target is Target.MUSIC:
        return _sound(intent, cp)
    if intent.target in FINISHING:
        return Reply(text=FINISHING[intent.target])
    if cp.stage is Stage.CONCEPT or intent.target is Target.CONCEPT:
        return Decision(kind=DecisionKind.REDIRECT, feedback=intent.feedback, target=Stage.CONCEPT)
    return Decision(kind=DecisionKind.REDIRECT, feedback=intent.feedback, scene=intent.scene)


def _pick(intent: Intent, cp: Checkpoint) -> Decision | Reply:
    variations: dict[str, list[dict[str, object]]] = cp.content.get("keyframes", {})
    if cp.stage is not Stage.KEYFRAMES or not variations:
        return Reply(text="There is nothing to pick at this checkpoint.")
    scenes = sorted(variations, key=int)
    unscened = [p for p in intent.picks if p.scene is None]
    if unscened and len(unscened) not in (len(scenes), 1):
        return Reply(text=f"Which scenes are those for? Say e.g. '{scenes[0]}=2' (scene=variation).")
    picks: dict[int, str] = {}
    order = iter(scenes)
    for item in intent.picks:
        scene = (
            str(item.scene)
            if item.scene is not None
            else (scenes[0] if len(unscened) == 1 and len(scenes) == 1 else next(order))
        )
        options = variations.get(scene, [])
        if not 1 <= item.variation <= len(options):
            return Reply(text=f"Scene {scene} has variations 1–{len(options)}.")
        picks[int(scene)] = str(options[item.variation - 1]["id"])
    if len(unscened) == 1 and len(scenes) > 1 and not intent.picks[0].scene:
        return Reply(text=f"Which scene is variation {unscened[0].variation} for?")
    return Decision(kind=DecisionKind.PICK, picks=picks)
