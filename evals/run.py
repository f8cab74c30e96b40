"""Run the eval suites for one or more planners; print a table and write a JSON report."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.intents.parser import IntentParser
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from evals.conversations import THRESHOLD as CONVERSATION_THRESHOLD
from evals.conversations import ConversationReport, score_conversations
from evals.data import DATASETS, load_briefs, load_chat_turns
from evals.intents import IntentResult, score_intents
from evals.memory import RECALL_TARGET, MemoryReport
from evals.plans import BriefResult, score_briefs

BRIEF_THRESHOLD = 0.90
INTENT_THRESHOLD = 0.85


class SuiteReport(BaseModel):
    """One planner's results."""

    planner: str
    brief_score: float
    briefs: list[BriefResult]
    check_rates: dict[str, float]
    intent_accuracy: float
    intent_heldout_accuracy: float
    intents: list[IntentResult]
    heldout: list[IntentResult]
    conversations: ConversationReport | None = None

    @property
    def conversation_score(self) -> float | None:
        """Share of multi-turn conversations with every expected effect (None when not run)."""
        return self.conversations.score if self.conversations else None

    @property
    def passed(self) -> bool:
        """Whether every suite run meets its threshold."""
        conversations = self.conversation_score is None or self.conversation_score >= CONVERSATION_THRESHOLD
        return self.brief_score >= BRIEF_THRESHOLD and self.intent_accuracy >= INTENT_THRESHOLD and conversations


def check_rates(results: list[BriefResult]) -> dict[str, float]:
    """Pass rate per kind of check across all briefs."""
    totals: dict[str, list[bool]] = defaultdict(list)
    for result in results:
        for check in result.checks:
            totals[check.name].append(check.passed)
    return {name: sum(v) / len(v) for name, v in sorted(totals.items())}


async def run_suite(
    name: str,
    planner: OfflinePlanner,
    parser: IntentParser,
    *,
    conversations: bool = False,
    llm: LLMSettings | None = None,
) -> SuiteReport:
    """Score one planner and one intent parser (and, with ``conversations``, the multi-turn suite)."""
    briefs = await score_briefs(planner, load_briefs())
    intents = await score_intents(load_chat_turns(), parser.parse)
    heldout = await score_intents(load_chat_turns(DATASETS / "chat_turns_heldout.yaml"), parser.parse)
    return SuiteReport(
        planner=name,
        brief_score=sum(r.score for r in briefs) / len(briefs),
        briefs=briefs,
        check_rates=check_rates(briefs),
        intent_accuracy=sum(r.correct for r in intents) / len(intents),
        intent_heldout_accuracy=sum(r.correct for r in heldout) / len(heldout),
        intents=intents,
        heldout=heldout,
        conversations=await score_conversations(parser, llm=llm) if conversations else None,
    )


def write_report(reports: list[SuiteReport], path: Path, memory: MemoryReport | None = None) -> Path:
    """The JSON report (every check and every turn, for diffing between runs)."""
    payload: dict[str, Any] = {
        "thresholds": {
            "briefs": BRIEF_THRESHOLD,
            "intents": INTENT_THRESHOLD,
            "conversations": CONVERSATION_THRESHOLD,
            "memory_recall_at_5": RECALL_TARGET,
        },
        "suites": [
            r.model_dump(mode="json") | {"passed": r.passed, "conversation_score": r.conversation_score}
            for r in reports
        ],
        "memory": memory.model_dump(mode="json") if memory else None,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2))
    return path
