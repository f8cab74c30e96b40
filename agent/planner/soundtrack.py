"""The storyboard's sound: a music brief from the concept, and effects where a scene calls for them.

The bed follows the concept's mood (style words and a tempo) and runs the length of the cut; a scene
gets an effect or ambience only when what it shows makes a sound (rain, surf, a café, a crowd) or,
in a lively cut, a whoosh into the hook. Each is routed like any other step: the catalog's model when
a provider runs it, else the local draft backend at $0 with the preferred model's price kept.
"""

from __future__ import annotations

import re

from agent.domain import Brief, Concept, ModelChoice, MusicBrief, Scene, ScenePurpose, Storyboard
from agent.planner import models as routing
from agent.planner.vocabulary import LIVELY
from tools.catalog import Catalog, Tier
from tools.recipe import Capability
from tools.routes import Routes

TEMPO = {
    "energetic": 124,
    "playful": 112,
    "bold": 100,
    "dramatic": 78,
    "calm": 68,
    "minimal": 84,
    "luxurious": 72,
    "warm": 86,
    "inspiring": 96,
    "trustworthy": 90,
}
STYLE = {
    "energetic": "upbeat electronic pop, punchy drums, bright synth stabs",
    "playful": "quirky pizzicato strings and ukulele, light handclaps",
    "bold": "driving hybrid percussion, big low synths",
    "dramatic": "cinematic strings and low piano, a slow build",
    "calm": "soft ambient piano and warm pads",
    "minimal": "sparse minimal electronica, soft clicks and a warm bass",
    "luxurious": "smooth neo-soul keys and brushed drums",
    "warm": "acoustic guitar and soft piano, gentle percussion",
    "inspiring": "uplifting piano and strings, a steady build",
    "trustworthy": "clean acoustic guitar and light piano, a steady pulse",
}
SOUNDS: tuple[tuple[str, str, str], ...] = (
    ("rain", r"\b(rain\w*|drizzle|storm\w*|downpour)\b", "soft rain falling close by, steady"),
    ("surf", r"\b(ocean|sea|beach|waves?|surf\w*|shore\w*|coast\w*)\b", "waves washing on a beach, gentle surf"),
    (
        "kitchen",
        r"\b(coffee|espresso|caf[eé]s?|kitchen|sizzl\w*|pour\w*|brew\w*|bakery)\b",
        "café ambience: an espresso machine's hiss, cups on saucers",
    ),
    ("crowd", r"\b(crowds?|stadium|cheer\w*|applause|festival|concert|party)\b", "a crowd cheering, lively"),
    ("city", r"\b(city|street|traffic|downtown|urban|subway|rooftop)\b", "distant city street ambience, light traffic"),
    ("wind", r"\b(wind\w*|summit|ridge|breeze|cliff\w*)\b", "wind over an open mountain ridge"),
    ("nature", r"\b(forest|trails?|woods|birds?|park|garden|meadow)\b", "forest ambience: birdsong and leaves"),
)
"""(kind, what in a scene's description calls for it, the sound prompt), first match wins."""
WHOOSH = "a quick airy whoosh into the shot"
NO_MUSIC = re.compile(r"\b(no|without)\s+(background\s+)?music\b", re.I)


def music_prompt(mood: str, tempo: int, seconds: float, style: str, words: list[str]) -> str:
    """What the music model is asked for: mood, instrumentation, tempo and room for the voice."""
    feel = ", ".join(dict.fromkeys([mood, *words[:3]]))
    instruments = STYLE.get(mood, STYLE["inspiring"])
    return (
        f"Instrumental bed for a {seconds:g}-second {style} ad: {feel}; {instruments}; {tempo} BPM; "
        "no vocals, leaves room for a voiceover, clean ending"
    )


def sound_for(scene: Scene, lively: bool) -> tuple[str, str] | None:
    """(kind, prompt) of the sound a scene calls for, or None."""
    text = scene.description.lower()
    for kind, pattern, prompt in SOUNDS:
        if re.search(pattern, text):
            return kind, prompt
    if scene.purpose is ScenePurpose.HOOK and lively:
        return "whoosh", WHOOSH
    return None


def _choice(
    catalog: Catalog, routes: Routes, capability: Capability, tier: Tier, strength: str, seconds: float
) -> ModelChoice:
    work = routing.Work(seconds, 1, 0.0, 0)
    costs = {m.id: routing.unit_cost(m, capability, work) for m in routing.routable(catalog, routes, capability, None)}
    if not costs:  # no priced model for it in the catalog: the local backend
        local = catalog.local_for(capability)
        return ModelChoice(
            capability=capability, model_id=local.id, tier=Tier.DRAFT, reason="local draft", estimated_cost_usd=0.0
        )
    spec, reason = routing.choose(catalog, routes, capability, tier=tier, strength=strength, aspect=None, cost_of=costs)
    return routing.finalize(routing.Preference(capability, spec, reason, costs[spec.id]), catalog, routes)


def music_brief(board: Storyboard, concept: Concept, catalog: Catalog, routes: Routes) -> MusicBrief:
    """A bed for the whole cut in the concept's mood."""
    tempo = TEMPO.get(concept.mood, 96)
    prompt = music_prompt(concept.mood, tempo, board.duration_s, concept.style, concept.mood_words)
    model = _choice(catalog, routes, Capability.TEXT_TO_MUSIC, Tier.FAST, "instrumental beds", board.duration_s)
    return MusicBrief(prompt=prompt, mood=concept.mood, tempo_bpm=tempo, duration_s=board.duration_s, model=model)


def with_sound(scene: Scene, kind: str, prompt: str, catalog: Catalog, routes: Routes) -> Scene:
    """``scene`` with this sound and a model for it (any earlier sound choice replaced)."""
    seconds = 1.0 if kind == "whoosh" else scene.duration_s
    choice = _choice(catalog, routes, Capability.TEXT_TO_SOUND, Tier.QUALITY, "sound effects", seconds)
    models = [c for c in scene.models if c.capability is not Capability.TEXT_TO_SOUND] + [choice]
    return scene.model_copy(update={"sound": prompt, "sound_kind": kind, "models": models})


def without_sound(scene: Scene) -> Scene:
    """``scene`` with no sound effect."""
    models = [c for c in scene.models if c.capability is not Capability.TEXT_TO_SOUND]
    return scene.model_copy(update={"sound": "", "sound_kind": "", "models": models})


def score(board: Storyboard, brief: Brief, concept: Concept, catalog: Catalog, routes: Routes) -> Storyboard:
    """The board with its music brief and its scenes' sounds planned (unpriced: see ``priced``)."""
    lively = concept.mood in LIVELY
    scenes = []
    for scene in board.scenes:
        found = sound_for(scene, lively)
        scenes.append(with_sound(scene, *found, catalog, routes) if found else without_sound(scene))
    planned = board.model_copy(update={"scenes": scenes})
    music = None if NO_MUSIC.search(brief.raw) else music_brief(planned, concept, catalog, routes)
    return planned.model_copy(update={"music": music})
