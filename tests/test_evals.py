"""CI runs the offline eval suites with their thresholds."""

from pathlib import Path

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


def test_eval_with_an_llm_reports_each_brief_outcome_latency_and_tokens(
    tmp_path,
    monkeypatch,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    import json

    from evals.__main__ import main
    from tests.fakeproviders import start
    from tests.fakeproviders.common import FakeState
    from tests.test_llm import GOOD_SCENES, brief_answer, storyboard_answer

    concept = {
        "title": "Oat-milk Latte: Autumn in a Cup",
        "logline": "A cosy oat-milk latte for slow autumn mornings.",
        "mood": "warm",
        "style": "cinematic",
        "key_message": "Autumn tastes better.",
    }
    latte = {"product": "oat-milk latte", "mood": "warm", "mood_words": ["cosy", "autumn"], "duration_s": 15}
    with start("openai", FakeState()) as llm:
        monkeypatch.setenv("STUDIO_LLM_BASE_URL", f"{llm.url}/v1")
        llm.state.script += [
            brief_answer(**latte, budget=None),
            {"content": json.dumps({"concepts": [concept]})},
            storyboard_answer(*GOOD_SCENES),  # 20 s of scenes for a 15 s brief: scaled, so repaired
        ]
        report, briefs = tmp_path / "live.json", tmp_path / "briefs.yaml"
        lines = Path("evals/datasets/live_briefs.yaml").read_text().splitlines()
        briefs.write_text("\n".join(lines[lines.index("- id: latte-15s") :]))  # the last brief alone
        code = main(["--planner", "llm", "--suites", "briefs", "--briefs", str(briefs), "--report", str(report)])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    assert "[1/1] latte-15s" in out and "latte-15s" in out.split("each brief")[1]
    suite = json.loads(report.read_text())["suites"][0]
    latte_result = next(b for b in suite["briefs"] if b["id"] == "latte-15s")
    assert [r["part"] for r in latte_result["runs"]] == ["brief", "concept", "storyboard"]
    assert [r["outcome"] for r in latte_result["runs"]] == ["accepted", "accepted", "repaired"]
    assert latte_result["tokens"] == 3 * 20 and latte_result["latency_s"] >= 0
    assert suite["storyboard_outcomes"]["repaired"] == 1 and suite["acceptance_rate"] == 1.0
