"""The brief's language: detected offline (py3langid's bundled model), named for prompts, voiced by espeak.

The plan is written in the brief's language: the LLM planner is told to write in it, the local voice
speaks it, and the rule parser knows each language's mood words (``luxueux`` is luxurious).
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple


class Language(NamedTuple):
    """A language a brief may be written in."""

    name: str
    """Its English name, as prompts say it ('French')."""
    voice: str
    """The espeak-ng voice that speaks it."""


LANGUAGES: dict[str, Language] = {
    "en": Language("English", "en-us"),
    "fr": Language("French", "fr"),
    "es": Language("Spanish", "es"),
    "de": Language("German", "de"),
    "it": Language("Italian", "it"),
    "pt": Language("Portuguese", "pt"),
    "nl": Language("Dutch", "nl"),
}
"""ISO 639-1 code → language; the languages briefs are read in (others are read as English)."""
DEFAULT = "en"
SURE = 0.6
"""Below this probability a brief counts as English: short briefs ('launch video') are often ambiguous."""

MOOD_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "energetic": ("énergique", "dynamique", "percutant", "percutante"),
        "calm": ("calme", "serein", "sereine", "apaisant", "apaisante", "paisible", "doux", "douce"),
        "luxurious": ("luxueux", "luxueuse", "luxe", "élégant", "élégante", "raffiné", "raffinée", "haut de gamme"),
        "playful": ("ludique", "amusant", "amusante", "espiègle", "fun"),
        "dramatic": ("dramatique", "épique", "intense"),
        "warm": ("chaleureux", "chaleureuse", "cosy", "convivial", "conviviale", "nostalgique"),
        "bold": ("audacieux", "audacieuse", "osé", "osée"),
        "minimal": ("minimaliste", "épuré", "épurée", "sobre"),
        "inspiring": ("inspirant", "inspirante", "motivant", "motivante"),
        "trustworthy": ("professionnel", "professionnelle", "fiable", "sérieux"),
    },
    "es": {
        "energetic": ("enérgico", "enérgica", "dinámico", "dinámica"),
        "calm": ("tranquilo", "tranquila", "sereno", "serena", "relajante"),
        "luxurious": ("lujoso", "lujosa", "lujo", "elegante", "sofisticado", "sofisticada"),
        "playful": ("divertido", "divertida", "lúdico", "lúdica", "juguetón"),
        "dramatic": ("dramático", "dramática", "épico", "épica", "intenso", "intensa"),
        "warm": ("cálido", "cálida", "acogedor", "acogedora", "nostálgico"),
        "bold": ("audaz", "atrevido", "atrevida"),
        "minimal": ("minimalista", "sencillo", "sencilla"),
        "inspiring": ("inspirador", "inspiradora", "motivador", "motivadora"),
        "trustworthy": ("profesional", "confiable", "serio", "seria"),
    },
    "de": {
        "energetic": ("energiegeladen", "dynamisch", "mitreißend"),
        "calm": ("ruhig", "entspannt", "entspannend", "gelassen", "sanft"),
        "luxurious": ("luxuriös", "luxus", "edel", "elegant", "exklusiv", "hochwertig"),
        "playful": ("verspielt", "lustig", "witzig"),
        "dramatic": ("dramatisch", "episch", "intensiv"),
        "warm": ("gemütlich", "herzlich", "nostalgisch"),
        "bold": ("mutig", "kühn", "frech"),
        "minimal": ("minimalistisch", "schlicht", "reduziert"),
        "inspiring": ("inspirierend", "motivierend"),
        "trustworthy": ("professionell", "seriös", "vertrauenswürdig"),
    },
    "it": {
        "energetic": ("energico", "energica", "dinamico", "dinamica"),
        "calm": ("calmo", "calma", "sereno", "serena", "rilassante"),
        "luxurious": ("lussuoso", "lussuosa", "lusso", "elegante", "raffinato", "raffinata"),
        "playful": ("giocoso", "giocosa", "divertente", "scherzoso"),
        "dramatic": ("drammatico", "drammatica", "epico", "epica", "intenso", "intensa"),
        "warm": ("caldo", "calda", "accogliente", "nostalgico"),
        "bold": ("audace", "sfrontato"),
        "minimal": ("minimalista", "essenziale", "sobrio"),
        "inspiring": ("ispirante", "motivante", "stimolante"),
        "trustworthy": ("professionale", "affidabile", "serio"),
    },
    "pt": {
        "energetic": ("energético", "energética", "dinâmico", "dinâmica", "vibrante"),
        "calm": ("calmo", "calma", "sereno", "serena", "tranquilo", "tranquila", "relaxante"),
        "luxurious": ("luxuoso", "luxuosa", "luxo", "elegante", "sofisticado", "sofisticada"),
        "playful": ("divertido", "divertida", "lúdico", "brincalhão"),
        "dramatic": ("dramático", "dramática", "épico", "épica", "intenso", "intensa"),
        "warm": ("aconchegante", "caloroso", "calorosa", "acolhedor", "nostálgico"),
        "bold": ("ousado", "ousada", "audacioso"),
        "minimal": ("minimalista", "simples", "limpo"),
        "inspiring": ("inspirador", "inspiradora", "motivador"),
        "trustworthy": ("profissional", "confiável", "sério"),
    },
    "nl": {
        "energetic": ("energiek", "dynamisch", "swingend"),
        "calm": ("rustig", "kalm", "sereen", "ontspannen"),
        "luxurious": ("luxe", "luxueus", "elegant", "chic", "exclusief"),
        "playful": ("speels", "leuk", "grappig"),
        "dramatic": ("dramatisch", "episch", "intens"),
        "warm": ("gezellig", "hartelijk", "knus", "nostalgisch"),
        "bold": ("gedurfd", "brutaal", "stoer"),
        "minimal": ("minimalistisch", "strak", "sober"),
        "inspiring": ("inspirerend", "motiverend"),
        "trustworthy": ("professioneel", "betrouwbaar", "zakelijk"),
    },
}
"""Mood words per language (beside English's, in :data:`agent.briefs.TONES`), by mood."""


@cache
def _identifier() -> Any:
    """py3langid's identifier over :data:`LANGUAGES` (its model ships in the wheel; loaded once)."""
    from py3langid import langid

    identifier = langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in; English when unsure."""
    if len(text.split()) < 3:
        return DEFAULT
    code, probability = _identifier().classify(text)
    return str(code) if probability >= SURE else DEFAULT


def language_name(code: str) -> str:
    """The language's English name ('French'); the code itself for a language not in :data:`LANGUAGES`."""
    known = LANGUAGES.get(code)
    return known.name if known else code


def voice_for(code: str, configured: str) -> str:
    """The espeak voice for a brief in ``code``: the configured one for English, the language's own otherwise."""
    known = LANGUAGES.get(code)
    return configured if code == DEFAULT or known is None else known.voice
