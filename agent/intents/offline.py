"""The offline intent parser: ordered rules over what marketers actually type. No LLM needed.

Order matters: a bare "no", "help" or a pasted brief win; navigation ("go back to the concept", "undo") is
never feedback, but "go back to the concept and make it warmer" is that feedback aimed at the concept; cancel
beats the rest; questions and copy requests change nothing, so they win over a model name or a platform;
a change request beats a polite "looks good"; a model name beats a bare pick; anything still unclear becomes
a clarifying question, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.briefs import parse_duration
from agent.domain import Stage
from agent.intents import vocabulary as vocab
from agent.intents.schema import Action, ChatContext, CopyKind, Destination, Intent, PickItem, Target, Topic
from agent.intents.vocabulary import (
    FAST_WORDS,
    LAST_SCENE,
    MODEL_NAMES,
    ORDINALS,
    QUALITY_WORDS,
    SCENE_ALIASES,
    SOUNDTRACK_MODELS,
)
from agent.intents.voices import describes_a_voice, voice_request_of
from tools.platforms import ALIASES

Rule = Callable[[str, str, ChatContext], Intent | None]
NUM = r"(\d+|" + "|".join(ORDINALS) + r")"
SCENE_WORD = r"(?:scene|szene|escena|scène|scena|cena)"


def _n(token: str) -> int:
    return int(token) if token.isdigit() else ORDINALS[token]


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def scene_of(text: str, ctx: ChatContext) -> int | None:
    """The scene a turn names: 'scene 2', 'the second scene', 'the opening', 'the last shot'."""
    match = re.search(rf"\b{SCENE_WORD}\s*#?\s*{NUM}\b", text) or re.search(rf"\b{NUM}\s+(?:scene|shot)\b", text)
    if match:
        return _n(match.group(1))
    for words, index in SCENE_ALIASES.items():
        if re.search(rf"\b(the )?{words}\b", text):
            return index
    if _has(LAST_SCENE, text) and ctx.scenes:
        return ctx.scenes
    for i, described in enumerate(ctx.scene_texts, start=1):
        shot = re.search(r"\bthe ([a-z]+(?: [a-z]+)?) (?:shot|scene)\b", text)
        if shot and shot.group(1) in described.lower():
            return i
    return None


def platform_of(text: str, *, formats: bool = False) -> str | None:
    """A delivery platform named in the turn; ``formats`` also reads 'square', 'feed', '4:5' as feed platforms."""
    padded = f" {' '.join(re.findall(r'[a-z0-9:]+', text))} "
    for alias in sorted(ALIASES, key=len, reverse=True):
        if f" {alias} " in padded and (formats or alias not in ("1:1", "4:5", "square", "feed")):
            return ALIASES[alias]
    return None


def aspect_of(text: str) -> str | None:
    """An aspect ratio named by number or by word."""
    match = re.search(r"\b(9:16|16:9|1:1|4:5)\b", text)
    if match:
        return match.group(1)
    for words, ratio in (("square", "1:1"), ("vertical|portrait", "9:16"), ("horizontal|landscape|widescreen", "16:9")):
        if _has(rf"\b({words})\b", text):
            return ratio
    return None


def model_of(text: str) -> str | None:
    """A catalog model named in the turn."""
    for name in sorted(MODEL_NAMES, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text):
            return MODEL_NAMES[name]
    return None


def picks_of(text: str, ctx: ChatContext) -> list[PickItem]:
    """Variation picks: '1=2 2=1', 'the second one for scene 1', 'option 3', '2 and 4'."""
    pairs = re.findall(rf"\b(?:variation|option|number|#)?\s*{NUM}(?:\s+one)?\s+(?:for|in|on)\s+scene\s*{NUM}\b", text)
    if pairs:
        return [PickItem(scene=_n(s), variation=_n(v)) for v, s in pairs]
    pairs = re.findall(rf"\bscene\s*{NUM}\s*(?:=|:|->|→|gets|takes)\s*(?:variation|option|#)?\s*{NUM}\b", text)
    pairs += [tuple(p) for p in re.findall(r"\b(\d)\s*=\s*(\d)\b", text)]
    if pairs:
        return [PickItem(scene=_n(s), variation=_n(v)) for s, v in pairs]
    scene = scene_of(text, ctx)
    numbers = re.findall(rf"(?:variation|option|number|version|#|take)\s*{NUM}\b", text)
    numbers += re.findall(
        r"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th)\b(?: one| option| variation)", text
    )
    if not numbers:
        stripped = re.sub(
            rf"\b(pick|choose|go with|take|i like|i prefer|prefer|keep|use|let'?s use|let'?s go with"
            rf"|the|and|then|please|,|scene\s*{NUM})\b",
            " ",
            text,
        )
        numbers = (
            re.findall(r"\b\d\b", stripped) if re.fullmatch(r"[\s\d,&and.#]*", stripped.replace("and", " ")) else []
        )
    return [PickItem(scene=scene, variation=_n(n)) for n in numbers]


def parse_offline(message: str, ctx: ChatContext | None = None) -> Intent:
    """Understand one chat turn."""
    ctx = ctx or ChatContext()
    raw = message.strip()
    text = " ".join(raw.lower().split())
    if not text:
        return Intent(action=Action.CLARIFY, question="What would you like to do?")
    intent = _parse(raw, text, ctx, RULES)
    brand = brand_of(raw)
    return intent.model_copy(update={"brand": brand}) if brand and intent.brand is None else intent


BRAND_ASK = re.compile(
    r"\b(?i:use|with|apply|in)\s+(?i:the\s+|our\s+|my\s+)?(?P<name>[A-Z0-9][\w&'.-]*(?:\s+[A-Z0-9&][\w&'.-]*){0,3})"
    r"\s+(?i:brand)(?:\s+(?i:kit))?\b|\b(?i:brand)(?:\s+(?i:kit))?\s*:\s*(?P<named>[\w&'. -]{1,40}?)\s*(?:[,.;\n]|$)"
)
"""'use the Acme brand', 'with our Salt & Stone brand kit', 'brand kit: Acme' (a name starts with a capital)."""


def brand_of(raw: str) -> str | None:
    """The brand kit a turn asks for: 'use the Acme brand', 'with our Salt & Stone brand kit', 'brand kit: Acme'."""
    found = BRAND_ASK.search(raw)
    if found is None:
        return None
    name = (found.group("name") or found.group("named") or "").strip()
    return name if name and name.lower() not in {"a", "the", "our", "my", "this", "that", "new"} else None


def _parse(raw: str, text: str, ctx: ChatContext, rules: tuple[Rule, ...]) -> Intent:
    for rule in rules:
        intent = rule(raw, text, ctx)
        if intent is not None:
            return intent
    return Intent(
        action=Action.CLARIFY,
        question=(
            "I'm not sure what to do. You can approve, say what to change (e.g. 'scene 2 darker'), pick variations "
            "('1=2 2=1'), ask for another platform ('make a LinkedIn version'), or cancel; 'help' lists the rest."
        ),
    )


def _injection(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """Text that tries to instruct the assistant is never taken as a decision."""
    if _has(
        r"\b(ignore|disregard|forget) (all |any |the )?(previous|prior|above|earlier|your) (instructions|rules|"
        r"prompts?)|\bsystem prompt\b|\byou are now\b|\bnew instructions\b|\bunlimited budget\b",
        text,
    ):
        return Intent(
            action=Action.CLARIFY,
            question=(
                "That reads like instructions to the assistant, so I did nothing. To approve, reply 'approve'; "
                "to change the budget, start the campaign with the budget you want."
            ),
        )
    return None


def _new_brief(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    explicit = _has(
        r"^(new brief|brief:|new campaign|start (a )?new|here'?s (a |the )?(new )?brief|another campaign)", text
    )
    looks_like = (
        len(text) > 40
        and not _has(rf"^(?:please )?{vocab.WRITE_WORDS}", text)
        and parse_duration(text) is not None
        and _has(r"\b(ad|teaser|spot|video|promo|campaign|commercial|trailer|post|reel|film)\b", text)
        and _has(r"\bfor (our|my|the|a|an)\b", text)
        and not _has(r"\b(version|cut|scene \d)\b", text)
    )
    if explicit or looks_like:
        body = re.sub(r"^(new brief|brief|new campaign)\s*[:\-]?\s*", "", raw, flags=re.IGNORECASE)
        return Intent(action=Action.NEW_BRIEF, feedback=body)
    return None


def _decline(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """A bare 'no' / 'not now' / 'never mind' answers a question; 'no, make it darker' is a change."""
    bare = " ".join(re.sub(r"[.,!?;:¡¿…]+", " ", text).split())
    either = f"(?:{vocab.DECLINE}|{vocab.DECLINE_FILLER})"
    if re.fullmatch(rf"(?:{vocab.DECLINE_FILLER} )*(?:{vocab.DECLINE})(?: {either})*", bare):
        return Intent(action=Action.DECLINE)
    return None


def _help(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    bare = re.sub(r"^(?:(?:so|ok|okay|hmm|um|well|please|sorry)[,\s]+)+|[\s.!?¿,]*(?:please)?[\s.!?,]*$", "", text)
    if re.fullmatch(vocab.HELP, bare.removeprefix("¿")) or (not bare and "?" in text):
        return Intent(action=Action.HELP)
    return None


STAGE_ORDER = (Stage.CONCEPT, Stage.STORYBOARD, Stage.KEYFRAMES, Stage.TAKES, Stage.FINAL, Stage.DERIVATIVE)
_DEST = "|".join(f"(?P<{dest}>{pattern})" for dest, pattern in vocab.DESTINATION_WORDS.items())
BACK_TO_DESTINATION = re.compile(rf"\b(?:{vocab.BACK_TO}) {vocab.DESTINATION_ARTICLE}(?:{_DEST})\b")


def _leading(pattern: str | re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match that starts a clause (not 'move the logo back to the start', 'of the video')."""
    for match in re.finditer(pattern, text):
        if _has(vocab.CLAUSE_START, text[: match.start()]) and not text[match.end() :].startswith(" of "):
            return match
    return None


def navigation_of(text: str) -> tuple[Destination, re.Match[str]] | None:
    """Where a turn asks to go ('back to the storyboard', 'undo', 'start over'), and the words that say so."""
    if match := _leading(BACK_TO_DESTINATION, text):
        name = next(k for k, v in match.groupdict().items() if v)
        return Destination(name), match
    names_scene = _has(r"\b(?:scenes?|shots?|szene|escena|scène)\b", text)
    if not names_scene and (match := _leading(vocab.START_OVER, text)):
        return Destination.START, match
    if match := _leading(vocab.UNDO, text):
        return Destination.PREVIOUS, match
    return None


def _stage_at(destination: Destination, ctx: ChatContext) -> Stage | None:
    if destination is Destination.START:
        return Stage.CONCEPT
    if destination is Destination.PREVIOUS:
        if ctx.stage is None or ctx.stage is Stage.CONCEPT:
            return ctx.stage
        return STAGE_ORDER[STAGE_ORDER.index(ctx.stage) - 1]
    return Stage(destination.value)


def _trimmed(part: str) -> str:
    """A clause without the connectors and punctuation around it."""
    connector = r"(?:and|then|so|also|but|please|now|and then)"
    part = re.sub(rf"^[\s,;:.!?-]*(?:{connector}\b[\s,;:.!?-]*)*", "", part.strip())
    return re.sub(rf"(?:[\s,;:.!?-]+{connector})*[\s,;:.!?-]*$", "", part)


def _navigate(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """Going back is never feedback; 'go back to the concept and make it warmer' is feedback aimed there."""
    found = navigation_of(text)
    if found is None:
        return None
    destination, match = found
    # The same span in the original casing, when lowercasing kept the length.
    flat = " ".join(raw.split())
    source = flat if len(flat.lower()) == len(text) else text
    # "go back to the concept and make it warmer", "make it warmer and go back to the concept"; but in "the takes
    # feel off, go back to the keyframes" the words before are about where we are, not feedback for there.
    before = source[: match.start()]
    rest = _trimmed(source[match.end() :]) or (_trimmed(before) if _has(r"\b(?:and|then)\s*$", before) else "")
    if rest:
        here = ctx.model_copy(update={"stage": _stage_at(destination, ctx)})
        then = _parse(rest, " ".join(rest.lower().split()), here, AFTER_NAVIGATION)
        if then.action in (Action.REDIRECT, Action.CHANGE_MODEL):
            return then
    return Intent(action=Action.NAVIGATE, destination=destination)


def _cancel(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if _has(r"\b(don'?t|do not|never mind)\b.{0,12}\bcancel", text):
        return None
    if _has(
        r"\b(cancel|abort|scrap (it|this|that|the campaign)|kill (it|the campaign)|call it off|shut it down|"
        r"stop (the|this) campaign|stop everything|drop (it|this campaign))\b",
        text,
    ):
        return Intent(action=Action.CANCEL)
    return None


def _memory(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if _has(
        r"\b(worked|performed|did well|got approved|was approved)\b.*\b(before|last|previous|past|earlier)?"
        r"|\blast time\b|\bprevious(ly)? (campaigns?|shots?|approved)|\bin the past\b|\bwhat have we (used|made)\b"
        r"|\bremember\b|\bour history\b|\bwhat did we use\b",
        text,
    ) and not _has(r"\b(cost|spend|spent)\b", text):
        return Intent(action=Action.MEMORY, feedback=raw)
    return None


def _derivative(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    platform, aspect = platform_of(text), aspect_of(text)
    seconds = parse_duration(text)
    asking = _has(
        r"\b(version|versions|cut|cutdown|cut-down|adapt|resize|reformat|export|also|too|as well|another)\b", text
    )
    if asking and (platform or aspect or seconds) and scene_of(text, ctx) is None:
        return Intent(action=Action.DERIVATIVE, platform=platform, aspect_ratio=aspect, duration_s=seconds)
    return None


def _upscale(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if _has(
        r"\b(upscale|up-scale|upres|up-res|4k|higher res(olution)?|sharper|crisper|more detail(ed)?|"
        r"enhance the (resolution|quality))\b",
        text,
    ):
        return Intent(action=Action.UPSCALE, scene=scene_of(text, ctx))
    return None


MUSIC_WORDS = r"\b(music|soundtrack|song|beat|score|jingle|audio bed|background audio|the bed)\b"
SOUND_WORDS = (
    r"\b(sound effects?|sfx|ambience|ambient sound|sounds? of|foley|whoosh|swoosh|native audio|veo'?s? audio|"
    r"(rain|wave|surf|wind|crowd|city|street|café|cafe|kitchen|bird|forest|ocean|beach) sounds?|"
    r"(no|without|remove|drop|mute|lose|kill|cut)\s+(the\s+)?(sounds?|effects?)|sounds? (on|for|in|from) (scene|the))\b"
)


def _change_model(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    model = model_of(text)
    if model is not None and _has(MUSIC_WORDS, text):
        model = SOUNDTRACK_MODELS.get(model, model)
    tier = (
        "quality" if _has(rf"\b({QUALITY_WORDS})\b", text) else "fast" if _has(rf"\b({FAST_WORDS})\b", text) else None
    )
    if model is None and tier is None:
        return None
    hint = re.search(r"\bfor (the [a-z ]+?(?:shot|scene|clip))\b", text)
    return Intent(
        action=Action.CHANGE_MODEL,
        model_id=model,
        tier=tier,
        scene=scene_of(text, ctx),
        feedback=hint.group(1) if hint else "",
    )


def _voice(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if not _has(
        r"\b(voice|voices|voiceover|voice-over|vo|narrator|narration|narrate|accent|speaker|read(s|ing)? the "
        r"lines?)\b",
        text,
    ):
        return None
    critique = _has(
        r"\b(too (fast|slow|quiet|loud|robotic|flat)|sounds?|fix|slow(er)? (it )?down|speed (it )?up|"
        r"faster|slower|louder|quieter|pace|pronounc\w*|mumbl\w*)\b",
        text,
    )
    wanted = voice_request_of(raw)
    asks = _has(r"\b(add|new|different|another|change the voice to|use an?|want an?)\b", text)
    if critique and not asks and not describes_a_voice(wanted):
        return Intent(action=Action.REDIRECT, target=Target.VOICE, scene=scene_of(text, ctx), feedback=raw)
    return Intent(action=Action.VOICEOVER, scene=scene_of(text, ctx), feedback=raw, voice=wanted)


def _music(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """The bed ('calmer music', 'no music', 'a jingle') or a scene's sound ('add rain to scene 2')."""
    if _has(SOUND_WORDS, text):
        return Intent(action=Action.REDIRECT, target=Target.MUSIC, scene=scene_of(text, ctx), feedback=raw)
    if _has(MUSIC_WORDS, text) or _has(r"\btrack\b", text):
        return Intent(action=Action.REDIRECT, target=Target.MUSIC, feedback=raw)
    return None


def _edit(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if _has(r"\b(pacing|pace|transitions?|the edit|cuts|timing|rhythm|crossfades?|dissolves?|tighter edit)\b", text):
        return Intent(action=Action.REDIRECT, target=Target.EDIT, feedback=raw)
    return None


def _pick(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    asking = _has(r"\b(pick|choose|go with|take|i like|prefer|keep|use|let'?s (go with|use)|want)\b", text) or _has(
        rf"\b({'|'.join(ORDINALS)}) one\b|\b{SCENE_WORD}\s*{NUM}\s*[:=]\s*\d", text
    )
    bare = re.fullmatch(r"(?:[#\d\s,&=.]|and)*", text) is not None
    if not (asking or bare or _has(r"\b\d\s*=\s*\d\b", text)):
        return None
    if ctx.stage is Stage.CONCEPT:
        choice = re.search(
            rf"\b(?:alternative|option|concept|idea|version)\s*#?\s*{NUM}\b|\b{NUM}\s+(?:one|option)\b", text
        )
        if choice:
            number = _n(next(g for g in choice.groups() if g))
            return Intent(action=Action.REDIRECT, target=Target.CONCEPT, feedback=f"go with alternative {number}")
        return None
    picks = picks_of(text, ctx)
    if picks:
        return Intent(action=Action.PICK, picks=picks)
    return None


def _regenerate(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if not _has(
        r"\b(regenerate|re-generate|redo|re-do|reroll|re-roll|try (it |that )?again|another (go|take|try|round|"
        r"batch|set)|new (variations|options|takes|versions)|more options|generate (it )?again|"
        r"start over on|do over|restart)\b",
        text,
    ):
        return None
    scene = scene_of(text, ctx)
    if scene is None and ctx.scenes == 1:
        scene = 1
    if scene is None:
        return Intent(action=Action.CLARIFY, question="Which scene should I regenerate?")
    return Intent(action=Action.REGENERATE, scene=scene)


CHANGE = (
    r"\b(make|more|less|darker|brighter|lighter|warmer|cooler|colder|moodier|calmer|bolder|punchier|softer|"
    r"change|replace|remove|add|swap|instead|should|needs?|too|not enough|feels?|tone down|tighter|"
    r"wider|closer|slower|faster|zoom|pan|static|shorter|longer|without|less|rework|rewrite|different|"
    r"focus|show|highlight|emphasi[sz]e|night|daylight|sunset|golden|"
    r"dunkler|heller|wärmer|mehr|weniger|más|menos|oscur\w*|plus|moins|sombre|clair\w*)\b"
)


def _redirect(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    scene = scene_of(text, ctx)
    if (
        _has(
            r"\b(concept|idea|tagline|the story|title|logline|key message|different direction|another direction|"
            r"new direction|whole approach)\b",
            text,
        )
        and scene is None
    ):
        return Intent(action=Action.REDIRECT, target=Target.CONCEPT, feedback=raw)
    if not _has(CHANGE, text):
        return None
    if scene is not None:
        return Intent(action=Action.REDIRECT, target=Target.SCENE, scene=scene, feedback=raw)
    if _has(r"\b(storyboard|scenes|shots|fewer|more scenes|order)\b", text):
        return Intent(action=Action.REDIRECT, target=Target.STORYBOARD, feedback=raw)
    if ctx.stage is Stage.CONCEPT:
        return Intent(action=Action.REDIRECT, target=Target.CONCEPT, feedback=raw)
    return Intent(action=Action.REDIRECT, target=Target.STORYBOARD, feedback=raw)


def _strategy(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """At a derivative offer: 'crop it', 'blurred fill', 'regenerate them' choose how it is made."""
    if ctx.stage is not Stage.DERIVATIVE:
        return None
    if _has(r"\b(regenerate|re-?generate|re-?shoot|new shots|generate (them |it )?again|paid)\b", text):
        return Intent(action=Action.APPROVE, strategy="regenerate")
    if _has(r"\b(don'?t|do not|no|not|without) crop", text) or _has(
        r"\b(blur(red)?|fill|pad(ded|ding)?|letterbox(ed)?|fit|whole (picture|frame|shot|image))\b", text
    ):
        return Intent(action=Action.APPROVE, strategy="fill")
    if _has(r"\b(crop(ped|ping)?|zoom(ed)? in|tight(er)?)\b", text):
        return Intent(action=Action.APPROVE, strategy="crop")
    if _has(r"\b(reframe|free|cheap(er|est)?)\b", text):
        return Intent(action=Action.APPROVE, strategy="reframe")
    return None


def _approve(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if _has(r"\b(no|not|don'?t|doesn'?t|isn'?t|hate|dislike|wrong|bad|ugly|meh)\b", text):
        return Intent(action=Action.CLARIFY, question="What would you like to change?")
    if _has(
        r"^(yes|yep|yeah|yup|ok|okay|sure|approve[ds]?|approved|looks (good|great|perfect)|lgtm|great|perfect|"
        r"love (it|this)|go ahead|go for it|ship it|proceed|continue|next|do it|sounds good|nice|awesome|"
        r"fine|all good|good to go|use (?:it|that|this)(?: one| voice)?(?=[\s.!]*$)|parfait|c'est parfait|on valide|"
        r"perfekt|passt|perfecto|de acuerdo|👍|✅)\b",
        text,
    ) or _has(r"\b(approve|looks good|go ahead|good to go)\b", text):
        return Intent(action=Action.APPROVE)
    return None


QUESTIONS = (
    (Topic.SPENT, vocab.SPENT_WORDS),
    (Topic.LEFT, vocab.LEFT_WORDS),
    (Topic.COST, vocab.COST_QUESTION),
    (Topic.STATUS, vocab.STATUS_WORDS),
)


def topic_of(text: str) -> Topic | None:
    """What a question asks about, or None when the turn is not such a question."""
    if _has(vocab.WHY_WORDS, text) and (model_of(text) or _has(r"\b(models?|engines?|generators?)\b", text)):
        return Topic.WHY_MODEL
    if _has(vocab.MODELS_WORDS, text):
        return Topic.MODELS
    return next((topic for topic, pattern in QUESTIONS if _has(pattern, text)), None)


def _question(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """Questions about money, models and progress are answered with figures and change nothing."""
    topic = topic_of(text)
    if topic is None:
        return None
    return Intent(action=Action.QUESTION, topic=topic, scene=scene_of(text, ctx), model_id=model_of(text))


def copy_kind_of(text: str) -> CopyKind | None:
    """Which piece of post copy a turn names (captions, a title and description, a post)."""
    if _has(vocab.COPY_KINDS["title_description"], text) or _has(vocab.COPY_TITLE, text):
        return CopyKind.TITLE_DESCRIPTION
    if _has(vocab.COPY_KINDS["captions"], text):
        return CopyKind.CAPTIONS
    if _has(vocab.COPY_KINDS["post"], text):
        return CopyKind.POST
    return CopyKind.CAPTIONS if _has(vocab.HASHTAGS, text) else None


def count_of(text: str) -> int | None:
    """How many pieces are asked for ('3 captions', 'two posts'); at most 10."""
    number = "|".join(sorted((re.escape(w) for w in vocab.COUNTS), key=len, reverse=True))
    match = re.search(
        rf"\b(\d+|{number})\s+(?:[\w'-]+\s+){{0,3}}?(?:captions?|titles?|posts?|hashtags?|légendes?|leyendas?|"
        r"options|variants|ideas)\b",
        text,
    )
    if not match:
        return None
    token = match.group(1)
    return max(1, min(10, int(token) if token.isdigit() else vocab.COUNTS[token]))


def _copy(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    """'3 TikTok captions', 'a YouTube title and description', 'a LinkedIn post': words to post, never a video."""
    kind = copy_kind_of(text)
    if kind is None or _has(vocab.ON_SCREEN, text) or _has(rf"\b{SCENE_WORD}\s*#?\s*{NUM}\b", text):
        return None
    platform = platform_of(text, formats=True)
    count = count_of(text)
    starts = _has(r"^(?:an? |the |some )?(?:captions?|hashtags?|titles?|descriptions?|posts?|copy)\b", text)
    writing = _has(vocab.WRITE_WORDS, text)
    if not (starts or platform or count or writing) or (parse_duration(text) is not None and not writing):
        return None  # "10 s square feed post for …" is a brief: copy has no length
    return Intent(action=Action.COPY, copy_kind=kind, platform=platform, count=count)


RULES: tuple[Rule, ...] = (
    _injection,
    _decline,
    _help,
    _new_brief,
    _navigate,
    _cancel,
    _memory,
    _question,
    _copy,
    _strategy,
    _derivative,
    _upscale,
    _change_model,
    _voice,
    _music,
    _edit,
    _pick,
    _regenerate,
    _redirect,
    _approve,
)
AFTER_NAVIGATION = tuple(rule for rule in RULES if rule is not _navigate)
"""What the rest of 'go back to the concept and make it warmer' is read with."""
