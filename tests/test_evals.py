"""CI runs the offline eval suites with their thresholds."""

from typer.testing import CliRunner

from agent.intents.parser import IntentParser
from agent.planner import OfflinePlanner
from evals.data import load_briefs, load_chat_turns
from evals.run import BRIEF_THRESHOLD, INTENT_THRESHOLD, run_suite
from tools.catalog import load_catalog
from ui.cli.main import app


def test_datasets_are_big_enough_and_varied() -> None:
    briefs = load_briefs()
    assert len(briefs) >= 40
    tags = {t for b in briefs for t in b.tags}
    assert {"vague", "contradictory", "non-english", "budget", "long", "short", "error"} <= tags
    platforms = {p for b in briefs for p in b.expect.get("platforms", [])}
    assert platforms == {"tiktok", "reels", "shorts", "youtube", "linkedin", "feed_square", "feed_portrait"}
    assert len(load_chat_turns()) >= 80


async def test_offline_planner_and_parser_meet_the_thresholds() -> None:
    report = await run_suite("offline", OfflinePlanner(load_catalog()), IntentParser())
    failures = [(b.id, c.name, c.detail) for b in report.briefs for c in b.checks if not c.passed]
    assert report.brief_score >= BRIEF_THRESHOLD, failures
    wrong = [(r.text, r.got) for r in report.intents if not r.correct]
    assert report.intent_accuracy >= INTENT_THRESHOLD, wrong
    assert report.intent_heldout_accuracy >= INTENT_THRESHOLD


def test_studio_eval_prints_the_table_and_writes_a_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", "--planner", "offline", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "brief suite score" in result.output and "intent accuracy" in result.output
    assert report.is_file() and '"planner": "offline"' in report.read_text()
    refused = CliRunner().invoke(app, ["eval", "--planner", "llm"])
    assert refused.exit_code == 2 and "no LLM is configured" in refused.output


def test_memory_recall_meets_the_target() -> None:
    from evals.memory import RECALL_TARGET, score_memory

    report = score_memory()
    assert report.queries >= 50
    assert report.recall_at_5 >= RECALL_TARGET, report.misses
