"""``python -m evals`` (what ``studio eval`` runs): score the planners, intent parsers and conversations.

Prints a table and writes the JSON report; exits 1 when a threshold is missed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.context import make_planner
from agent.intents.parser import IntentParser, make_intent_parser
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from agent.settings import Settings
from evals.memory import RECALL_TARGET, score_memory
from evals.run import SuiteReport, run_suite, write_report
from tools.catalog import load_catalog


def table(reports: list[SuiteReport], memory_recall: float, mrr: float, queries: int) -> Table:
    """The results side by side, one column per planner."""
    out = Table(title="Campaign Studio evals")
    out.add_column("metric")
    for r in reports:
        out.add_column(r.planner, justify="right")
    out.add_row("brief suite score", *(f"{r.brief_score:.1%}" for r in reports))
    for metric in sorted({name for r in reports for name in r.check_rates}):
        out.add_row(f"  {metric}", *(f"{r.check_rates.get(metric, 0):.0%}" for r in reports))
    out.add_row("intent accuracy", *(f"{r.intent_accuracy:.1%} of {len(r.intents)}" for r in reports))
    out.add_row("  held-out turns", *(f"{r.intent_heldout_accuracy:.1%} of {len(r.heldout)}" for r in reports))
    out.add_row(
        "conversations",
        *(f"{r.conversation_score:.1%} of {len(r.conversations.results)}" if r.conversations else "—" for r in reports),
    )
    out.add_row("thresholds met", *("yes" if r.passed else "NO" for r in reports))
    out.add_row(f"memory recall@5 ({queries} queries)", *(f"{memory_recall:.1%}" for _ in reports))
    out.add_row("memory MRR", *(f"{mrr:.3f}" for _ in reports))
    return out


async def suites(planner: str, llm: LLMSettings) -> list[SuiteReport]:
    """Run the offline and/or LLM suites."""
    settings, catalog = Settings(), load_catalog()
    chosen: list[tuple[str, OfflinePlanner, IntentParser, LLMSettings]] = []
    if planner in ("offline", "all"):
        offline = LLMSettings(STUDIO_LLM=False)
        chosen.append(("offline", make_planner(settings, catalog, offline), IntentParser(), offline))
    if planner in ("llm", "all") and llm.configured:
        chosen.append((f"llm:{llm.model}", make_planner(settings, catalog, llm), make_intent_parser(llm), llm))
    try:
        return [
            await run_suite(name, p, parser, conversations=True, llm=settings_llm)
            for name, p, parser, settings_llm in chosen
        ]
    finally:
        for _, p, parser, _ in chosen:
            await p.aclose()
            await parser.aclose()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print, write the report; return the exit code."""
    args = argparse.ArgumentParser(prog="studio eval", description=__doc__)
    args.add_argument("--planner", default="all", help="offline, llm or all (llm needs an LLM configured)")
    args.add_argument("--report", type=Path, default=Path("evals/report.json"), help="where to write the JSON report")
    options = args.parse_args(argv)
    console = Console()
    llm = LLMSettings()
    if options.planner not in ("offline", "llm", "all"):
        console.print("[bold red]error:[/bold red] --planner takes offline, llm or all")
        return 2
    if options.planner == "llm" and not llm.configured:
        console.print(
            "[bold red]error:[/bold red] no LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL, "
            "STUDIO_LLM_MODEL) or use --planner offline"
        )
        return 2
    reports = asyncio.run(suites(options.planner, llm))
    memory = score_memory()
    console.print(table(reports, memory.recall_at_5, memory.mrr, memory.queries))
    if options.planner == "all" and not llm.configured:
        console.print("LLM suite skipped: no LLM configured.")
    console.print(f"Report: {write_report(reports, options.report, memory)}")
    return 0 if all(r.passed for r in reports) and memory.recall_at_5 >= RECALL_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
