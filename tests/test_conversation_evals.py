"""CI holds the offline conversation evals to their threshold."""

from agent.intents.parser import IntentParser
from evals.conversations import THRESHOLD, load_transcripts, score_conversations


def test_there_are_enough_conversations_and_each_checks_something() -> None:
    transcripts = load_transcripts()
    assert len(transcripts) >= 40
    assert all(any(step.expect for step in t.turns) for t in transcripts)


async def test_offline_conversations_meet_the_threshold() -> None:
    report = await score_conversations(IntentParser())
    assert report.score >= THRESHOLD, report.failures()
