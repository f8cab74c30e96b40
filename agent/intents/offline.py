"""The offline intent parser: ordered rules over what marketers actually type. No LLM needed.

Order matters: cancel and pasted briefs win; a change request beats a polite "looks good"; a model
name beats a bare pick; anything still unclear becomes a clarifying question, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.briefs import parse_duration
from agent.domain import Stage
from agent.intents.schema import Action, ChatContext, Intent, PickItem, Target
from agent.intents.vocabulary import FAST_WORDS, LAST_SCENE, MODEL_NAMES, ORDINALS, QUALITY_WORDS, SCENE_ALIASES
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


def platform_of(text: str) -> str | None:
    """A delivery platform named in the turn."""
    padded = f" {' '.join(re.findall(r'[a-z0-9:]+', text))} "
    for alias in sorted(ALIASES, key=len, reverse=True):
        if f" {alias} " in padded and alias not in ("1:1", "4:5", "square", "feed"):
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
    for rule in RULES:
        intent = rule(raw, text, ctx)
        if intent is not None:
            return intent
    return Intent(
        action=Action.CLARIFY,
        question=(
            "I'm not sure what to do. You can approve, say what to change (e.g. 'scene 2 darker'), pick variations "
            "('1=2 2=1'), ask for another platform ('make a LinkedIn version'), or cancel."
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
        and parse_duration(text) is not None
        and _has(r"\b(ad|teaser|spot|video|promo|campaign|commercial|trailer)\b", text)
        and _has(r"\bfor (our|my|the|a|an)\b", text)
        and not _has(r"\b(version|cut|scene \d)\b", text)
    )
    if explicit or looks_like:
        body = re.sub(r"^(new brief|brief|new campaign)\s*[:\-]?\s*", "", raw, flags=re.IGNORECASE)
        return Intent(action=Action.NEW_BRIEF, feedback=body)
    return None


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


def _change_model(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    model = model_of(text)
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
    if critique and not _has(r"\b(add|new|different|another|change the voice to|use an?|want an?)\b", text):
        return Intent(action=Action.REDIRECT, target=Target.VOICE, scene=scene_of(text, ctx), feedback=raw)
    return Intent(action=Action.VOICEOVER, scene=scene_of(text, ctx), feedback=raw)


def _music(raw: str, text: str, ctx: ChatContext) -> Intent | None:
    if _has(r"\b(music|soundtrack|song|track|beat|score|jingle|audio bed|background audio)\b", text):
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
        r"start over on|do over)\b",
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
        r"fine|all good|good to go|parfait|c'est parfait|on valide|perfekt|passt|perfecto|de acuerdo|👍|✅)\b",
        text,
    ) or _has(r"\b(approve|looks good|go ahead|good to go)\b", text):
        return Intent(action=Action.APPROVE)
    return None


COST_WORDS = (
    r"\bhow much\b|\b(cost|costs|costing|spend|spent|spending|price|pricing|charges?)\b.*\?"
    r"|\bbudget (left|remaining)\b|\bremaining budget\b|\bwhat('?s| is| have) (we )?(spent|the (total|cost|bill))"
    r"|\btotal cost\b|\bcost so far\b|\bover budget\??$|\bwithin budget\?"
)
STATUS_WORDS = (
    r"\b(status|where are we|what'?s (happening|going on|next)|progress|how far|how long|eta|is it (done|ready)"
    r"|are we (done|there)|still (running|working|rendering)|what stage|what are you waiting for|"
    r"anything (happening|running))\b"
)


def _keywords(pattern: str, action: Action) -> Rule:
    """A rule that answers ``action`` whenever ``pattern`` appears."""

    def rule(raw: str, text: str, ctx: ChatContext) -> Intent | None:
        return Intent(action=action) if _has(pattern, text) else None

    return rule


_cost = _keywords(COST_WORDS, Action.COST)
_status = _keywords(STATUS_WORDS, Action.STATUS)

RULES = (
    _injection,
    _new_brief,
    _cancel,
    _memory,
    _cost,
    _status,
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
