"""Choosing a voice in chat: describe it, hear the best match, confirm; then only the voiceovers are redone.

"a British narrator" ranks the campaign's speech route's voices, speaks the first voiceover line in the
best one (through that same route) and asks; "the second one" previews another; "yes" / "use it" sets
the voice for the route (recorded in the storyboard and every voiceover recipe) and remakes the
voiceovers already made, keeping keyframes and clips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.checkpoints import Checkpoint
from agent.conversation.drafts import Confirmation, Draft
from agent.conversation.messages import Said, TurnResult, VoiceCandidate, VoiceOffer
from agent.domain import Decision, DecisionKind, Stage
from agent.intents.schema import Action, Intent, VoiceRequest
from agent.intents.voices import voice_request_of
from agent.service import NoVoices

if TYPE_CHECKING:
    from agent.conversation.turns import Conversation

MADE = (Stage.TAKES, Stage.FINAL)
"""Checkpoints where voiceovers exist, so a new voice remakes them."""


def _request(intent: Intent) -> VoiceRequest:
    """The described voice (the LLM may leave it out: then the offline reading of the words)."""
    return intent.voice if intent.voice is not None else voice_request_of(intent.feedback)


async def offer(conv: Conversation, cp: Checkpoint, draft: Draft, intent: Intent) -> TurnResult:
    """Rank the route's voices for the turn's description and preview the best one."""
    return await _show(conv, cp, draft, _request(intent), intent.feedback, 1)


async def confirmed(conv: Conversation, cp: Checkpoint, confirm: Confirmation, intent: Intent) -> TurnResult | None:
    """The answer to a voice offer: yes sets it, a number previews another; None when it is about something else."""
    assert confirm.voice is not None and confirm.voice_route is not None
    vague = intent.action is Action.VOICEOVER and _request(intent).empty  # "use that voice"
    if intent.action is Action.APPROVE or vague:
        result = await conv.decide(
            cp, Decision(kind=DecisionKind.REDIRECT, voice=confirm.voice, voice_route=confirm.voice_route)
        )
        redo = "remade the voiceovers in it; keyframes and clips are kept" if cp.stage in MADE else "voiceovers use it"
        said = f"Voice set: {confirm.voice_name} on the {confirm.voice_route} route ({confirm.voice}); {redo}."
        result.messages.insert(0, Said(text=said, tone="done"))
        return result
    picked = intent.picks[0].variation if intent.action is Action.PICK and len(intent.picks) == 1 else None
    if picked is not None and 1 <= picked <= len(confirm.choices) and confirm.request is not None:
        draft = conv.drafts.load(cp.campaign_id, cp.stage)
        return await _show(conv, cp, draft, confirm.request, confirm.asked, picked)
    return None


async def _show(
    conv: Conversation, cp: Checkpoint, draft: Draft, request: VoiceRequest, asked: str, number: int
) -> TurnResult:
    result = TurnResult(campaign_id=cp.campaign_id, status="waiting")
    try:
        ranked = await conv.service.rank_voices(cp.campaign_id, request)
    except NoVoices as exc:
        result.said(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        return result
    if not ranked.matches:
        result.said(f"The {ranked.speech.route} route has no other voice to offer.")
        return result
    chosen = ranked.matches[min(number, len(ranked.matches)) - 1].voice
    made = await conv.service.preview_voice(cp.campaign_id, chosen)
    redo = "only the voiceovers are remade; keyframes and clips are kept" if cp.stage in MADE else "voiceovers use it"
    others = " or 'the second one' to hear another" if len(ranked.matches) > 1 else ""
    question = f"Use {chosen.name} for the voiceovers ({redo})? yes / no{others}"
    draft.confirm = Confirmation(
        action="voice",
        question=question,
        voice_route=ranked.speech.route,
        voice=chosen.id,
        voice_name=chosen.name,
        choices=[m.voice.id for m in ranked.matches],
        asked=asked,
        request=request,
    )
    conv.drafts.save(cp.campaign_id, draft)
    candidates = [
        VoiceCandidate(
            number=i,
            voice_id=m.voice.id,
            name=m.voice.name,
            traits=m.voice.traits(),
            matched=m.matched,
            local=m.voice.local,
        )
        for i, m in enumerate(ranked.matches, start=1)
    ]
    result.messages.append(
        VoiceOffer(
            campaign_id=cp.campaign_id,
            route=ranked.speech.route,
            asked=asked,
            candidates=candidates,
            previewed=next(c.number for c in candidates if c.voice_id == chosen.id),
            preview=made.path,
            line=made.line,
            cost_usd=made.cost_usd,
            missing=ranked.missing,
            question=question,
        )
    )
    return result
