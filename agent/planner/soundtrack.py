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
    """(kind, prompt) of the sound a scene calls for, or None (the end card carries the message, not a place)."""
    if scene.purpose is ScenePurpose.CTA:
        return None
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


MOOD_SHIFTS: tuple[tuple[str, str], ...] = (
    (r"\b(calm\w*|soft\w*|gentle\w*|quiet\w*|relax\w*|chill\w*|mellow\w*)\b", "calm"),
    (r"\b(upbeat|energetic|more energy|punch\w*|hype|pumped|driving)\b", "energetic"),
    (r"\b(dramatic|epic|cinematic|tense)\b", "dramatic"),
    (r"\b(playful|fun|quirky|cheeky)\b", "playful"),
    (r"\b(luxur\w*|elegant|premium|classy)\b", "luxurious"),
    (r"\b(warm\w*|cos[yi]\w*|homely)\b", "warm"),
    (r"\b(minimal\w*|sparse)\b", "minimal"),
    (r"\b(inspir\w*|uplifting|hopeful)\b", "inspiring"),
)
INSTRUMENTS = re.compile(
    r"\b(piano|guitar|acoustic guitar|strings|synths?|drums|lo-?fi|jazz\w*|orchestral|electronic|hip[- ]hop|"
    r"house|ukulele|brass|bass)\b"
)
DROP_MUSIC = re.compile(r"\b(no|without|remove|drop|kill|lose|mute)\s+(the\s+)?(background\s+)?music\b")
SUNG = re.compile(r"\b(jingle|sung|sing\w*|lyrics|vocals)\b")
TEMPO_STEP = 16


def revise_music(board: Storyboard, concept: Concept, feedback: str, catalog: Catalog, routes: Routes) -> Storyboard:
    """The bed redirected by the marketer's words: mood, tempo, instruments, a sung jingle, or none at all."""
    text = feedback.lower()
    if DROP_MUSIC.search(text):
        notes = [n for n in board.notes if not n.startswith("Music: ")] + [f"Music: none (“{feedback}”)."]
        return board.model_copy(update={"music": None, "notes": notes})
    music = board.music or music_brief(board, concept, catalog, routes)
    mood = next((m for pattern, m in MOOD_SHIFTS if re.search(pattern, text)), music.mood)
    tempo = TEMPO.get(mood, music.tempo_bpm) if mood != music.mood else music.tempo_bpm
    if exact := re.search(r"\b(\d{2,3})\s*bpm\b", text):
        tempo = int(exact.group(1))
    elif re.search(r"\b(faster|quicker|speed (it )?up|higher tempo|more tempo)\b", text):
        tempo += TEMPO_STEP
    elif re.search(r"\b(slower|slow (it )?down|lower tempo|less tempo)\b", text):
        tempo -= TEMPO_STEP
    tempo = max(50, min(180, tempo))
    asked = [m.group(0) for said in [*music.feedback, text] for m in INSTRUMENTS.finditer(said.lower())]
    heard = list(dict.fromkeys(asked))  # instruments asked for so far are kept by later redirects
    words = concept.mood_words if mood == concept.mood else []  # the concept's words only while its mood holds
    prompt = music_prompt(mood, tempo, board.duration_s, concept.style, words)
    featured = [h for h in heard if h not in prompt]  # the mood's own instrumentation may name it already
    if featured:
        prompt += f"; featuring {', '.join(featured)}"
    model, lyrics = music.model, music.lyrics
    if SUNG.search(text):
        lines = [s.on_screen_text for s in board.scenes if s.on_screen_text] or [concept.key_message]
        lyrics = "[verse]\n" + "\n".join(lines) + f"\n[chorus]\n{concept.key_message}"
        model = switch_music_model(board, "minimax-music-v2", catalog, routes).model
        prompt = prompt.replace("no vocals, ", "").replace("Instrumental bed", "Sung jingle")
    revised = music.model_copy(
        update={
            "mood": mood,
            "tempo_bpm": tempo,
            "prompt": prompt,
            "model": model,
            "lyrics": lyrics,
            "feedback": [*music.feedback, feedback],
        }
    )
    return board.model_copy(update={"music": revised, "notes": music_note(board, music, revised)})


def music_note(board: Storyboard, before: MusicBrief, after: MusicBrief) -> list[str]:
    """The board's notes with one line saying what the last music redirect changed."""
    changes = []
    if before.mood != after.mood:
        changes.append(f"{before.mood} → {after.mood}")
    if before.tempo_bpm != after.tempo_bpm:
        changes.append(f"{before.tempo_bpm} → {after.tempo_bpm} BPM")
    if after.lyrics and not before.lyrics:
        changes.append("a sung jingle")
    if "featuring" in after.prompt and after.prompt.split("featuring")[-1] != before.prompt.split("featuring")[-1]:
        changes.append("featuring" + after.prompt.split("featuring")[-1])
    line = f"Music: {', '.join(changes) or 'as asked'} (“{after.feedback[-1]}”)."
    return [n for n in board.notes if not n.startswith("Music: ")] + [line]


def switch_music_model(board: Storyboard, model_id: str, catalog: Catalog, routes: Routes) -> MusicBrief:
    """The bed on ``model_id`` (chosen by the marketer), priced for the cut."""
    spec = catalog.get(model_id)
    if Capability.TEXT_TO_MUSIC not in spec.capabilities:
        raise ValueError(f"{spec.name} does not make music")
    music = board.music
    if music is None:
        raise ValueError("this storyboard has no music bed; ask for music first")
    cost = routing.unit_cost(spec, Capability.TEXT_TO_MUSIC, routing.Work(music.duration_s, 1, 0.0, 0))
    preference = routing.Preference(Capability.TEXT_TO_MUSIC, spec, f"{spec.name}: chosen by the marketer", cost)
    return music.model_copy(update={"model": routing.finalize(preference, catalog, routes)})


DROP_SOUND = re.compile(r"\b(no|without|remove|drop|mute|lose)\s+(the\s+)?(sound|sfx|effect|ambience|ambient)")
NATIVE = re.compile(r"\b(native|veo'?s?|generated|built-in)\s+audio\b")
NATIVE_OFF = re.compile(r"\b(no|without|off|disable|turn off|drop)\b.{0,20}\b(native|veo'?s?)\s+audio|audio off\b")


def resound(scene: Scene, feedback: str, catalog: Catalog, routes: Routes) -> tuple[Scene, str]:
    """A scene's sound changed by the marketer's words, and what changed ('' when nothing did).

    'add rain to scene 2', 'no sound effect on the hook', 'turn on native audio for scene 3'.
    """
    text = feedback.lower()
    if NATIVE.search(text):
        motion = next((c for c in scene.models if c.capability is Capability.IMAGE_TO_VIDEO), None)
        spec = catalog.get(motion.preferred_model_id or motion.model_id) if motion else None
        if motion is None or spec is None or "generate_audio" not in spec.options:
            return scene, ""
        on = "false" if NATIVE_OFF.search(text) else "true"
        seconds = spec.billed_seconds(scene.duration_s)
        cost = spec.estimate(seconds=seconds, options={**motion.options, "generate_audio": on})
        field = "preferred_cost_usd" if motion.preferred_model_id else "estimated_cost_usd"
        changed = motion.model_copy(update={"options": {**motion.options, "generate_audio": on}, field: cost})
        models = [changed if c is motion else c for c in scene.models]
        return scene.model_copy(
            update={"models": models}
        ), f"{spec.name} native audio {'on' if on == 'true' else 'off'}"
    if DROP_SOUND.search(text):
        return without_sound(scene), "sound effect removed"
    for kind, pattern, prompt in SOUNDS:
        if re.search(pattern, text):
            return with_sound(scene, kind, prompt, catalog, routes), f"sound: {prompt}"
    if re.search(r"\bwhoosh|swoosh|swish\b", text):
        return with_sound(scene, "whoosh", WHOOSH, catalog, routes), f"sound: {WHOOSH}"
    return scene, ""
