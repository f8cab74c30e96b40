"""Words and names the offline intent parser understands."""

from __future__ import annotations

ORDINALS = {
    "first": 1,
    "1st": 1,
    "one": 1,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
    "fifth": 5,
    "5th": 5,
    "five": 5,
    "sixth": 6,
    "6th": 6,
    "six": 6,
}
# Longest names first when matching; values are catalog ids (retired ones too, so the answer can say so).
MODEL_NAMES = {
    "kling 2.5 turbo pro": "kling-2.5-turbo-pro",
    "kling pro": "kling-2.5-turbo-pro",
    "kling": "kling-2.5-turbo",
    "veo 3.1 fast": "veo-3.1-fast",
    "veo fast": "veo-3.1-fast",
    "veo 3.1": "veo-3.1",
    "veo 3": "veo-3.1",
    "veo": "veo-3.1",
    "sora 2 pro": "sora-2-pro",
    "sora pro": "sora-2-pro",
    "sora 2": "sora-2",
    "sora": "sora-2",
    "hailuo": "hailuo-02",
    "minimax": "hailuo-02",
    "runway gen-4": "runway-gen4-turbo",
    "gen-4": "runway-gen4-turbo",
    "gen4": "runway-gen4-turbo",
    "runway": "runway-gen4-turbo",
    "aleph 2": "runway-aleph",
    "gen-4 aleph": "runway-gen4-aleph",
    "aleph": "runway-aleph",
    "wan 2.5": "wan-2.5",
    "wan": "wan-2.5",
    "luma ray": "luma-ray-2",
    "luma": "luma-ray-2",
    "ray 2": "luma-ray-2",
    "pika": "pika-2.2",
    "flux pro": "flux-2-pro",
    "flux 2 pro": "flux-2-pro",
    "flux schnell": "flux-schnell",
    "schnell": "flux-schnell",
    "flux": "flux-schnell",
    "gpt image": "gpt-image-1",
    "gpt-image": "gpt-image-1",
    "imagen": "imagen-4",
    "seedream": "seedream-4",
    "nano banana": "nano-banana",
    "ideogram": "ideogram-v3",
    "midjourney": "midjourney-v7",
    "qwen": "qwen-image-edit",
    "topaz": "topaz-video-upscale",
    "elevenlabs music": "elevenlabs-music",
    "eleven music": "elevenlabs-music",
    "elevenlabs sound effects": "elevenlabs-sound-effects-v2",
    "elevenlabs sfx": "elevenlabs-sound-effects-v2",
    "stable audio": "stable-audio-2.5",
    "minimax music": "minimax-music-v2",
    "elevenlabs": "elevenlabs-multilingual-v2",
    "eleven labs": "elevenlabs-multilingual-v2",
    "openai voice": "openai-gpt-4o-mini-tts",
    "openai tts": "openai-gpt-4o-mini-tts",
}
SOUNDTRACK_MODELS = {
    "elevenlabs-multilingual-v2": "elevenlabs-music",
    "hailuo-02": "minimax-music-v2",
}
"""A vendor named for the music ('ElevenLabs for the music') means its music model, not its voice or video one."""
QUALITY_WORDS = (
    r"final quality|quality tier|high quality|best quality|top quality|premium models?|pro models?|"
    r"full quality|the good models?|production quality"
)
FAST_WORDS = (
    r"draft (mode|quality)|fast tier|fast models?|cheaper models?|cheaper|budget models?|save money|"
    r"drafts? only"
)
SCENE_ALIASES = {
    "opening": 1,
    "intro": 1,
    "hook": 1,
    "first shot": 1,
    "first scene": 1,
    "start": 1,
}
LAST_SCENE = (
    r"\b(ending|end card|final shot|last shot|last scene|final scene|outro|the cta|call to action|"
    r"closing shot)\b"
)
COUNT_NAMES = ("one", "two|a couple of|a pair of|deux|dos|zwei", "three|trois|tres|drei", "four", "five", "six")
COUNTS = {
    word: n for n, names in enumerate((*COUNT_NAMES, "seven", "eight", "nine", "ten"), 1) for word in names.split("|")
}
"""How many pieces of copy: '3 captions', 'two posts', 'a couple of captions'."""

# Navigation: "<back to> <destination>", a bare "undo"/"go back", or "start over". Values are Destination values.
BACK_TO = (
    r"(?:(?:go(?:ing)?|get|take (?:me|us)|bring (?:me|us)|head|jump|step|move|switch|flip|come) )?back (?:to|at)"
    r"|(?:return(?:ing)?|revert(?:ing)?|go) to|revenir (?:au|aux|à|a)|retour (?:au|aux|à|a)"
    r"|retourner (?:au|aux|à|a)|volv(?:er|amos|emos) (?:al|a)|regres(?:ar|emos|amos) (?:al|a)"
    r"|zurück (?:zum|zur|zu)|torn(?:a|are|iamo) (?:al|alla|ai)"
)
DESTINATION_WORDS = {
    "concept": r"concepts?|konzept|concepto|concetto|idea|ideas|idée|direction",
    "storyboard": r"storyboards?|story board|scenes|shot list|plan|escenas|scènes|szenen",
    "keyframes": r"key ?frames|frames|stills|images|pictures|fotogramas|images clés",
    "takes": r"takes|clips|video clips|tomas|prises",
    "start": r"beginning|start|square one|scratch|brief|début|principio|comienzo|anfang",
    "previous": r"previous (?:step|stage|checkpoint|card|version)|last (?:step|stage|checkpoint|card)|step before|"
    r"where we were|before",
}
DESTINATION_ARTICLE = (
    r"(?:the |our |my |this |la |le |les |el |los |das |den |die |l'|l’)?"
    r"(?:(?:previous|last|old|original|earlier|first|approved|initial|prior) )?"
)
CLAUSE_START = (
    r"(?:^|[,.;:!?¿¡]\s*|\b(?:and|then|so|let'?s|let us|can we|could we|can you|could you|can i|please|i want to|"
    r"i'?d like to|i would like to|we should|we need to|just|ok|okay|now|wait|actually|yes|no|hmm|oops|sorry|"
    r"rather|podemos|quiero|on peut|je veux|ich möchte|können wir)\s+)$"
)
"""What may come right before a navigation ('can we go back…'), so 'move the logo back to the start' is not one."""
UNDO = (
    r"\bundo\b(?: (?:that|it|this|my last \w+|the last \w+|last \w+))?|\btake (?:that|it|this) back\b"
    r"|\bcancel (?:that|the|my) (?:last )?(?:change|edit|redirect|pick|step)\b"
    r"|\brevert (?:that|it|this)\b|\bgo back(?! (?:to|at)\b)(?: (?:a|one) step)?|\bstep back\b|\bone step back\b"
    r"|\b(?:revenir|retour) en arrière\b|\bvolver atrás\b|\bdeshacer\b|\brückgängig\b|^zurück\b"
)
START_OVER = (
    r"\bstart (?:over|again|afresh|fresh|from scratch|from the (?:top|beginning))\b|\brestart\b|\bbegin again\b"
    r"|\bfrom scratch\b|\breset (?:it|everything|the campaign)\b|^reset\b|\brecommencer\b|\bempezar de nuevo\b"
    r"|\bvon vorne\b"
)

# Questions, by topic; checked in this order (the first that matches wins).
WHY_WORDS = r"\bwhy\b(?! not\b)|\bhow come\b|\bpor qu[eé]\b|\bpourquoi\b|\bwarum\b"
MODELS_WORDS = (
    r"\b(?:which|what) (?:video |image |ai |voice )?(?:models?|engines?|generators?)\b"
    r"|\bmodels? (?:are|is) (?:we|it|this)"
    r"|\b(?:is|are) (?:scene \w+|the scenes?) (?:on|using|rendered with|made with)\b"
    r"|\bwhat(?:'?s| is) scene \w+ on\b"
    r"|\bqu[eé] modelos?\b|\bquels? modèles?\b|\bwelche modelle\b"
)
SPENT_WORDS = (
    r"\b(?:spent|spend so far|spending so far|our spend|spend at|been charged|charged so far|charges so far|paid so far"
    r"|cost so far"
    r"|costs so far|what'?s the bill|gastado|gastamos|dépensé|ausgegeben)\b"
)
LEFT_WORDS = (
    r"\b(?:budget (?:is )?(?:left|remaining)|remaining budget|money (?:is )?left|(?:have|got) left|left in the budget"
    r"|left to spend|within budget|under budget|over budget|still (?:have|got) money|how much is left"
    r"|queda|nos queda|reste|übrig)\b|^(?:so )?what(?:'?s| is) left\b(?! to (?:do|go|make|render|finish))"
)
COST_QUESTION = (
    r"\bhow much\b(?! (?:longer|time|more time))"
    r"|\bwhat(?:'?s| is| will| would| does| did)\b.*\b(?:cost|costs|estimate|price|pricing|quote|total)\b"
    r"|\b(?:cost|costs|costing|price|pricing|estimate|quote|charges?)\b.*\?"
    r"|^(?:the )?(?:estimate|quote|total|total cost|cost|price)\W*$"
    r"|\bcu[aá]nto (?:cuesta|costar[aá]|vale)\b|\bcombien\b|\bwie viel\b|\bwas kostet\b|\bcuesta\b|\bcoûte\b"
    r"|\bkostet\b|\bcosto\b"
)
STATUS_WORDS = (
    r"\b(?:status|where are we|what'?s (?:happening|going on|next)|progress|how far|how long|eta|is it (?:done|ready)"
    r"|are we (?:done|there)|still (?:running|working|rendering)|what stage|what are you waiting for"
    r"|anything (?:happening|running)|how much (?:longer|more time)|left to (?:do|go|make|render|finish)|où en est"
    r"|dónde estamos|wo stehen wir)\b"
)

# Post copy: which piece is asked for, and what makes it a request for writing (not a video change).
COPY_KINDS = {
    "title_description": r"\btitles? (?:and|&|\+|plus) (?:a |the )?descriptions?\b|\bdescriptions?\b|\btitre et"
    r"(?: une)? description\b|\btítulo y descripción\b",
    "captions": r"\bcaptions?\b|\blégendes?\b|\bleyendas?\b|\bpie de foto\b|\bbildunterschrift\w*\b",
    "post": r"\bpost copy\b|\bpost text\b|\b(?:a|an|the|one|two|three|\d+|linkedin|instagram|facebook|x|twitter|social|"
    r"feed|tiktok|launch|short) posts?\b|\b(?:social|ad|post|caption) copy\b|\bcopy for\b|\bwrite (?:the |some )?copy\b"
    r"|\bpublicación\b|\bbeitrag\b",
}
HASHTAGS = r"\bhashtags?\b"
"""Hashtags alone ask for captions; with a post or a title they are part of it."""
COPY_TITLE = r"\b(?:youtube|video|upload|shorts) titles?\b|\btitles? for (?:the |my |our )?(?:youtube|upload|video)\b"
WRITE_WORDS = (
    r"\b(?:write|draft|give me|give us|need|suggest|come up with|generate|create|some|a few|can you|could you|"
    r"i'?d like|want|écris|écrire|rédige|escribe|escríbeme|schreib\w*)\b"
)
ON_SCREEN = (
    r"\b(?:subtitles?|on-?screen|burn(?:ed|t)?(?: in)?|overlay|closed captions?|add (?:the )?captions? to"
    r"|captions? (?:are|is|look|overlap|cover|too))\b|\bthe (?:captions?|description) (?:of|in) scene\b"
    r"|\b(?:version|cut|cutdown|video) with (?:\w+ )?(?:captions|subtitles)\b"
)

HELP = (
    r"(?:help|help me|\?+|options|my options|commands|menu|what can i (?:do|say|ask)(?: here| now| at this point)?|"
    r"what can you do|what are (?:my|the) (?:options|choices)(?: here| now)?|what now|now what|"
    r"what do i do(?: now| here)?|"
    r"what should i do(?: now| here)?|how does this work|i'?m (?:lost|stuck)|aide|ayuda|hilfe|"
    r"¿?qu[eé] puedo hacer(?: aqu[ií])?|que puis-je faire(?: ici)?|was kann ich (?:hier )?tun)"
)
DECLINE = (
    r"no|nope|nah|no thanks|no thank you|not now|not yet|not right now|not today|not for now|maybe later|later|"
    r"never ?mind|forget it|skip(?: it| that)?|no need|i'?m good|pass|non|non merci|pas maintenant|pas encore|nein|"
    r"nein danke|jetzt nicht|no gracias|ahora no|todavía no|todavia no"
)
DECLINE_FILLER = r"thanks|thank you|ok|okay|sorry|actually|hmm|for now|i think|please|merci|danke|gracias"
