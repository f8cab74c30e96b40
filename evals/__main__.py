"""``python -m evals`` (what ``studio eval`` runs): score the planners, intent parsers and conversations.

Prints a table (and, for an LLM, what happened to each brief: accepted, repaired, partly or wholly
replaced by the offline planner, latency and tokens), writes the JSON report; exits 1 when a threshold
is missed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.context import make_planner
from agent.intents.parser import IntentParser, make_intent_parser
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from agent.settings import Settings
from evals.data import DATASETS, BriefCase, load_briefs
from evals.memory import RECALL_TARGET, MemoryReport, score_memory
from evals.plans import BriefResult
from evals.run import SUITES, SuiteReport, run_suite, write_report
from tools.catalog import load_catalog
from tools.routes import Routes

PARTS = ("brief", "concept", "storyboard")


def _percent(value: float | None, of: int | None = None) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" + (f" of {of}" if of is not None else "")


def table(reports: list[SuiteReport], memory: MemoryReport | None) -> Table:
    """The results side by side, one column per planner."""
    out = Table(title="Campaign Studio evals")
    out.add_column("metric")
    for r in reports:
        out.add_column(r.planner, justify="right")
    out.add_row("brief suite score", *(_percent(r.brief_score, len(r.briefs) or None) for r in reports))
    for metric in sorted({name for r in reports for name in r.check_rates}):
        out.add_row(
            f"  {metric}", *(f"{r.check_rates[metric]:.0%}" if metric in r.check_rates else "—" for r in reports)
        )
    if any(r.acceptance_rate is not None for r in reports):
        out.add_row("LLM storyboards kept (accepted or repaired)", *(_percent(r.acceptance_rate) for r in reports))
    out.add_row("intent accuracy", *(_percent(r.intent_accuracy, len(r.intents) or None) for r in reports))
    out.add_row("  held-out turns", *(_percent(r.intent_heldout_accuracy, len(r.heldout) or None) for r in reports))
    out.add_row(
        "conversations",
        *(_percent(r.conversation_score, len(r.conversations.results)) if r.conversations else "—" for r in reports),
    )
    out.add_row("thresholds met", *("yes" if r.passed else "NO" for r in reports))
    if memory is not None:
        out.add_row(f"memory recall@5 ({memory.queries} queries)", *(f"{memory.recall_at_5:.1%}" for _ in reports))
        out.add_row("memory MRR", *(f"{memory.mrr:.3f}" for _ in reports))
    return out


def runs_table(report: SuiteReport) -> Table:
    """Per brief, what the LLM's answers became, how long they took and how many tokens they used."""
    out = Table(title=f"{report.planner}: each brief")
    for column in ("brief id", *PARTS, "latency", "tokens", "score"):
        out.add_column(column, justify="left" if column == "brief id" else "right")
    for result in report.briefs:
        outcomes = [o.value if (o := result.outcome(part)) else "—" for part in PARTS]
        out.add_row(result.id, *outcomes, f"{result.latency_s:g} s", str(result.tokens), f"{result.score:.0%}")
    counts = ", ".join(f"{n} {outcome}" for outcome, n in report.storyboard_outcomes.items() if n)
    out.caption = f"storyboards: {counts}; kept as the LLM's own: {_percent(report.acceptance_rate)}"
    return out


def progress_line(console: Console, total: int) -> Callable[[int, BriefResult], None]:
    """Print one line per scored brief (live LLM runs take minutes each)."""

    def on_result(index: int, result: BriefResult) -> None:
        outcomes = " ".join(f"{part} {o.value}" for part in PARTS if (o := result.outcome(part)))
        detail = f" — {outcomes}, {result.latency_s:g} s, {result.tokens} tokens" if result.runs else ""
        console.print(f"[{index}/{total}] {result.id}: {result.score:.0%}{detail}", highlight=False)

    return on_result


async def suites(
    planner: str, llm: LLMSettings, chosen_suites: set[str], cases: list[BriefCase], console: Console
) -> list[SuiteReport]:
    """Run the offline and/or LLM suites."""
    settings, catalog = Settings(), load_catalog()
    chosen: list[tuple[str, OfflinePlanner, IntentParser, LLMSettings]] = []
    if planner in ("offline", "all"):
        offline = LLMSettings(STUDIO_LLM=False)
        chosen.append(("offline", make_planner(settings, catalog, offline, Routes()), IntentParser(), offline))
    if planner in ("llm", "all") and llm.configured:
        chosen.append(
            (f"llm:{llm.model}", make_planner(settings, catalog, llm, Routes()), make_intent_parser(llm), llm)
        )
    reports = []
    try:
        for name, p, parser, settings_llm in chosen:
            live = name != "offline"
            if live and "briefs" in chosen_suites:
                console.print(f"{name}: {len(cases)} brief(s) at {settings_llm.describe()}", highlight=False)
            reports.append(
                await run_suite(
                    name,
                    p,
                    parser,
                    suites=chosen_suites,
                    cases=cases,
                    derivatives=not live,  # a live LLM would re-plan every brief to check the recipe
                    llm=settings_llm,
                    on_result=progress_line(console, len(cases)) if live else None,
                )
            )
    finally:
        for _, p, parser, _ in chosen:
            await p.aclose()
            await parser.aclose()
    return reports


def arguments() -> argparse.ArgumentParser:
    """``studio eval``'s options."""
    args = argparse.ArgumentParser(prog="studio eval", description=__doc__)
    args.add_argument("--planner", default="all", help="offline, llm or all (llm needs an LLM configured)")
    args.add_argument("--report", type=Path, default=Path("evals/report.json"), help="where to write the JSON report")
    args.add_argument(
        "--suites", default=",".join(SUITES), help=f"comma-separated, from {', '.join(SUITES)} (default: all)"
    )
    args.add_argument(
        "--briefs",
        type=Path,
        default=DATASETS / "briefs.yaml",
        help="the brief cases (YAML); evals/datasets/live_briefs.yaml holds four for a slow local model",
    )
    args.add_argument("--limit", type=int, default=None, help="score only the first N briefs")
    return args


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print, write the report; return the exit code."""
    options = arguments().parse_args(argv)
    console = Console()
    llm = LLMSettings()
    chosen = {s.strip() for s in options.suites.split(",") if s.strip()}
    problems = []
    if options.planner not in ("offline", "llm", "all"):
        problems.append("--planner takes offline, llm or all")
    if not chosen or chosen - set(SUITES):
        problems.append(f"--suites takes a comma-separated list from {', '.join(SUITES)}")
    if options.limit is not None and options.limit < 1:
        problems.append("--limit takes a positive number of briefs")
    if not options.briefs.is_file():
        problems.append(f"--briefs: no such file {options.briefs}")
    if options.planner == "llm" and not llm.configured:
        problems.append(
            "no LLM is configured: set STUDIO_LLM_BASE_URL (a local server) or OPENAI_API_KEY, "
            "and STUDIO_LLM_MODEL, or use --planner offline"
        )
    if problems:
        for problem in problems:
            console.print(f"[bold red]error:[/bold red] {problem}")
        return 2
    cases = load_briefs(options.briefs)[: options.limit]
    reports = asyncio.run(suites(options.planner, llm, chosen, cases, console))
    memory = score_memory() if "memory" in chosen else None
    console.print(table(reports, memory))
    for report in reports:
        if report.storyboard_outcomes:
            console.print(runs_table(report))
    if options.planner == "all" and not llm.configured:
        console.print("LLM suite skipped: no LLM configured.")
    console.print(f"Report: {write_report(reports, options.report, memory)}")
    memory_ok = memory is None or memory.recall_at_5 >= RECALL_TARGET
    return 0 if all(r.passed for r in reports) and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
