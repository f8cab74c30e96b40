"""Run the eval suites for one or more planners; print a table and write a JSON report."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.domain import PlanOutcome
from agent.intents.parser import IntentParser
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from evals.conversations import THRESHOLD as CONVERSATION_THRESHOLD
from evals.conversations import ConversationReport, score_conversations
from evals.data import DATASETS, BriefCase, load_briefs, load_chat_turns
from evals.intents import IntentResult, score_intents
from evals.memory import RECALL_TARGET, MemoryReport
from evals.plans import BriefResult, score_briefs

BRIEF_THRESHOLD = 0.90
INTENT_THRESHOLD = 0.85


SUITES = ("briefs", "intents", "conversations", "memory")
"""What ``studio eval --suites`` chooses from (memory does not depend on the planner)."""
TRUSTED = (PlanOutcome.ACCEPTED, PlanOutcome.REPAIRED)
"""Storyboards the LLM made itself, as answered or fixed by rule: what the live acceptance rate counts."""


class SuiteReport(BaseModel):
    """One planner's results (a suite not run is left empty)."""

    planner: str
    brief_score: float | None = None
    briefs: list[BriefResult] = []
    check_rates: dict[str, float] = {}
    intent_accuracy: float | None = None
    intent_heldout_accuracy: float | None = None
    intents: list[IntentResult] = []
    heldout: list[IntentResult] = []
    conversations: ConversationReport | None = None

    @property
    def conversation_score(self) -> float | None:
        """Share of multi-turn conversations with every expected effect (None when not run)."""
        return self.conversations.score if self.conversations else None

    @property
    def storyboard_outcomes(self) -> dict[str, int]:
        """How many LLM storyboards were accepted, repaired, partly or wholly replaced (empty offline)."""
        counts = {o.value: 0 for o in PlanOutcome}
        for result in self.briefs:
            if (outcome := result.outcome("storyboard")) is not None:
                counts[outcome.value] += 1
        return counts if any(counts.values()) else {}

    @property
    def acceptance_rate(self) -> float | None:
        """Share of the LLM's storyboards kept as its own (accepted or repaired), None offline."""
        counts = self.storyboard_outcomes
        return sum(counts[o.value] for o in TRUSTED) / sum(counts.values()) if counts else None

    @property
    def passed(self) -> bool:
        """Whether every suite run meets its threshold."""
        checks = [
            self.brief_score is None or self.brief_score >= BRIEF_THRESHOLD,
            self.intent_accuracy is None or self.intent_accuracy >= INTENT_THRESHOLD,
            self.conversation_score is None or self.conversation_score >= CONVERSATION_THRESHOLD,
        ]
        return all(checks)


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
    suites: Collection[str] = ("briefs", "intents"),
    cases: list[BriefCase] | None = None,
    derivatives: bool = True,
    llm: LLMSettings | None = None,
    on_result: Callable[[int, BriefResult], None] | None = None,
) -> SuiteReport:
    """Score one planner and one intent parser on the chosen ``suites`` (briefs from ``cases``, else the suite)."""
    report = SuiteReport(planner=name)
    if "briefs" in suites:
        briefs = await score_briefs(
            planner, load_briefs() if cases is None else cases, derivatives=derivatives, on_result=on_result
        )
        report.briefs, report.check_rates = briefs, check_rates(briefs)
        report.brief_score = sum(r.score for r in briefs) / len(briefs) if briefs else None
    if "intents" in suites:
        report.intents = await score_intents(load_chat_turns(), parser.parse)
        report.heldout = await score_intents(load_chat_turns(DATASETS / "chat_turns_heldout.yaml"), parser.parse)
        report.intent_accuracy = sum(r.correct for r in report.intents) / len(report.intents)
        report.intent_heldout_accuracy = sum(r.correct for r in report.heldout) / len(report.heldout)
    if "conversations" in suites:
        report.conversations = await score_conversations(parser, llm=llm)
    return report


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
            r.model_dump(mode="json")
            | {
                "passed": r.passed,
                "conversation_score": r.conversation_score,
                "storyboard_outcomes": r.storyboard_outcomes,
                "acceptance_rate": r.acceptance_rate,
            }
            for r in reports
        ],
        "memory": memory.model_dump(mode="json") if memory else None,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2))
    return path
