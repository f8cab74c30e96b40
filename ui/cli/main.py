"""``studio``: run campaigns from the terminal, with approvals at every checkpoint.

Rendering only: every turn goes through the conversation core (:mod:`agent.conversation.turns`). Heavy
modules (LangGraph, Chroma, Chainlit, OpenAI) load inside the commands that need them, so ``studio --help``
and ``studio list`` start at once.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

if TYPE_CHECKING:
    from agent.conversation.messages import TurnResult
    from agent.conversation.turns import Conversation
    from agent.service import CampaignService
    from agent.settings import Settings
    from agent.state import ReferenceImage

BrandOpt = Annotated[
    str | None, typer.Option(help="Brand: its kit (studio brand add) applies; its memory is preferred and filed under.")
]
BUDGET_RULE = "the budget must be a positive amount, e.g. -b 20"


class CheckedGroup(TyperGroup):
    """Checks the environment once, before any command runs (help is shown whatever the settings)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        """Check the settings unless help is asked for, then read the arguments."""
        if args and "--help" not in args:
            settings()
        return super().parse_args(ctx, args)


app = typer.Typer(
    help="Campaign Studio: brief → concept → storyboard → media → per-platform files.",
    no_args_is_help=True,
    add_completion=False,
    cls=CheckedGroup,
)
console = Console()
T = TypeVar("T")


def _budget(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise typer.BadParameter(f"{value:g} is not a budget: {BUDGET_RULE}")
    return value


def _duration(value: float | None) -> float | None:
    from agent.domain import MAX_DURATION_S, MIN_DURATION_S

    if value is not None and not (math.isfinite(value) and MIN_DURATION_S <= value <= MAX_DURATION_S):
        raise typer.BadParameter(
            f"a {value:g} s cut is not possible: give a length in seconds from "
            f"{MIN_DURATION_S:g}–{MAX_DURATION_S:g} s, e.g. -d 15"
        )
    return value


def _out_file(value: Path | None) -> Path | None:
    if value is not None and value.is_dir():
        raise typer.BadParameter(f"{value} is a directory; give a file path such as {value / 'replay.png'}")
    return value


PlatformOpt = Annotated[list[str] | None, typer.Option("--platform", "-p", help="Target platform (repeatable).")]
DurationOpt = Annotated[float | None, typer.Option("--duration", "-d", help="Length in seconds.", callback=_duration)]
BudgetOpt = Annotated[float | None, typer.Option("--budget", "-b", help="Budget in USD.", callback=_budget)]
OutOpt = Annotated[Path | None, typer.Option(help="File to write the replay to.", callback=_out_file)]
AutoOpt = Annotated[bool, typer.Option("--auto-approve", help="Approve every checkpoint (first variation).")]
ReferenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--reference",
        "-r",
        help="Reference image: [product=|style=|character=|logo=]PATH, repeatable; a bare PATH is the product.",
    ),
]
ResubmitOpt = Annotated[
    bool,
    typer.Option(
        "--resubmit-unknown", help="Submit again where an earlier submit's outcome is unknown (may pay twice)."
    ),
]
StrategyOpt = Annotated[
    str | None,
    typer.Option(
        help="crop or fill (free reframes; reframe picks the suggested one) or regenerate (paid); "
        "asked at the checkpoint when not given."
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error that says what to do, and exit non-zero."""
    console.print(f"[bold red]error:[/bold red] {message}", soft_wrap=True)
    raise typer.Exit(code)


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine, turning known errors into one clear message each (the core's one mapping)."""
    from agent.conversation.errors import explain

    try:
        return asyncio.run(factory())  # type: ignore[arg-type]
    except Exception as exc:
        known = explain(exc)
        if known is None:
            raise
        fail(known.message, known.exit_code)


def settings(**overrides: Any) -> Settings:
    """The settings from the environment, checked; a bad variable is one message naming it, and exit 2."""
    from agent.settings import SettingsProblem, check_environment

    try:
        return check_environment(**overrides)
    except SettingsProblem as exc:
        fail(str(exc))


def references(values: list[str] | None) -> list[ReferenceImage]:
    """The ``--reference`` images, checked and kept in the data folder; a bad one exits 2 saying what to do."""
    from ui.cli.references import ReferenceProblem, load_references

    try:
        return load_references(values or [], settings().home / "references")
    except ReferenceProblem as exc:
        fail(str(exc))


@asynccontextmanager
async def studio(config: Settings | None = None) -> AsyncIterator[tuple[CampaignService, Conversation]]:
    """The campaign service and a conversation over it, with progress shown in the terminal."""
    from agent.conversation.turns import Conversation
    from agent.service import CampaignService
    from ui.cli.drive import live_progress

    async with (
        CampaignService.open(config or settings()) as service,
        Conversation.open(service, working=live_progress(console)) as conv,
    ):
        yield service, conv


def summary(result: TurnResult, folder: Path) -> None:
    """Where the files are."""
    from agent.conversation.messages import Delivered

    console.rule(f"[bold]{result.campaign_id}: {result.status}")
    for item in result.messages:
        if isinstance(item, Delivered):
            for f in item.view.files:
                console.print(f"  {f.platform:<14} {f.path}")
    console.print(f"  manifest       {folder / 'manifest.json'}")


async def converse(
    conv: Conversation, service: CampaignService, start: Awaitable[TurnResult], *, auto: bool = False
) -> TurnResult:
    """Run the first turn, then answer checkpoints in the terminal (or approve them, ``auto``) until done or paused."""
    from ui.cli.drive import drive

    result = await start
    if result.campaign_id:
        console.print(
            f"Campaign [bold]{result.campaign_id}[/bold] in {service.settings.campaign_dir(result.campaign_id)}"
        )
    return await drive(console, conv, result, auto=auto)


def finish(result: TurnResult, config: Settings | None = None) -> None:
    """The summary of a finished or paused conversation; exit 2 when no campaign started (a question unanswered)."""
    if not result.campaign_id:
        raise typer.Exit(2)
    summary(result, (config or settings()).campaign_dir(result.campaign_id))


@app.command()
def run(
    brief: Annotated[str, typer.Argument(help="The campaign brief, in your words.")],
    platform: PlatformOpt = None,
    duration: DurationOpt = None,
    budget: BudgetOpt = None,
    auto_approve_all: AutoOpt = False,
    brand: BrandOpt = None,
    reference: ReferenceOpt = None,
) -> None:
    """Run a campaign with approvals at every checkpoint."""
    from agent.conversation.intake import check_brief
    from agent.conversation.messages import StartOptions, Turn

    options = StartOptions(platforms=platform, duration_s=duration, budget_usd=budget, brand=brand)
    try:  # a bad brief is refused before any database is opened
        check_brief(brief, options)
    except ValueError as exc:
        fail(str(exc))
    turn = Turn(references=references(reference))

    async def go() -> TurnResult:
        async with studio() as (service, conv):
            console.print(f"Planner: {conv.planner()}")
            return await converse(conv, service, conv.start(brief, options, turn), auto=auto_approve_all)

    finish(run_async(go))


@app.command()
def demo() -> None:
    """Run a sample brief end to end, offline, approving every checkpoint."""
    from agent.conversation.starters import DEMO_BRIEF

    console.print(f"Demo brief: [italic]{DEMO_BRIEF}[/italic]")

    async def go() -> TurnResult:
        async with studio() as (service, conv):
            console.print(f"Planner: {conv.planner()}")
            return await converse(conv, service, conv.start(DEMO_BRIEF), auto=True)

    finish(run_async(go))


@app.command()
def plan(
    brief: Annotated[str, typer.Argument(help="The campaign brief.")],
    platform: PlatformOpt = None,
    duration: DurationOpt = None,
    budget: BudgetOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    reference: ReferenceOpt = None,
    brand: BrandOpt = None,
) -> None:
    """Show the concept, storyboard and cost estimate; generates nothing and saves nothing."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from agent.conversation.cards import concept_view, storyboard_view
    from agent.service import plan_campaign

    # Planning on a local CPU server takes minutes: show the elapsed time (on stderr, so --json stays clean).
    with Progress(
        SpinnerColumn(), TextColumn("Planning…"), TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as waiting:
        waiting.add_task("plan", total=None)
        refs = references(reference)
        made = run_async(
            lambda: plan_campaign(
                brief, platforms=platform, duration_s=duration, budget_usd=budget, references=refs, brand=brand
            )
        )
    if as_json:
        payload = {
            "planner": made.planner,
            "planners": made.planners,
            "brief": made.brief.model_dump(mode="json"),
            "concept": made.concept.model_dump(mode="json"),
            "storyboard": made.storyboard.model_dump(mode="json"),
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    from ui.cli.views import concept_panel, storyboard_table

    console.print(f"Planner: {made.description}")
    console.print(concept_panel(concept_view(made.concept, None)))
    console.print(storyboard_table(storyboard_view(made.storyboard)))


@app.command()
def resume(campaign_id: str, auto_approve_all: AutoOpt = False, resubmit_unknown: ResubmitOpt = False) -> None:
    """Continue a campaign at the checkpoint it left (or the step a crash interrupted)."""
    config = settings(resubmit_unknown=resubmit_unknown)

    async def go() -> TurnResult:
        from ui.cli.drive import drive

        async with studio(config) as (_, conv):
            return await drive(console, conv, await conv.resume(campaign_id), auto=auto_approve_all)

    finish(run_async(go), config)


@app.command()
def derive(
    campaign_id: str,
    platform: Annotated[str, typer.Option("--platform", "-p", help="Platform of the new version.")],
    duration: DurationOpt = None,
    strategy: StrategyOpt = None,
) -> None:
    """Make another version of a delivered campaign: a platform, a length, or both."""

    async def go() -> TurnResult:
        from agent.conversation.messages import Turn
        from ui.cli.drive import drive

        async with studio() as (_, conv):
            offered = await conv.derive(campaign_id, platform, duration)
            view = offered.checkpoint
            if strategy is None or view is None:
                return await drive(console, conv, offered)
            chosen = next((o for o in view.options if o.press.strategy == strategy), None)
            if chosen is None:
                names = ", ".join(o.press.strategy or "cancel" for o in view.options)
                fail(f"--strategy {strategy} is not offered here; choose one of: {names}")
            return await drive(console, conv, await conv.turn(campaign_id, Turn(press=chosen.press)))

    finish(run_async(go))


@app.command()
def assets(campaign_id: str) -> None:
    """List a campaign's assets with their status and files."""

    async def go() -> None:
        from agent.service import CampaignService

        async with CampaignService.open(settings()) as service:
            state = await service.state(campaign_id)
            table = Table(title=f"{campaign_id} · {state.status}")
            for column in ("id", "kind", "scene", "facts", "status", "path"):
                table.add_column(column, overflow="fold")
            for a in state.all_assets():
                facts = [f"{a.media.width}×{a.media.height}"] if a.media.width else []
                facts += [f"{a.media.duration_s:.2f}s"] if a.media.duration_s else []
                table.add_row(a.id, a.kind.value, str(a.scene_index or ""), " ".join(facts), a.status.value, a.path)
            console.print(table)

    run_async(go)


@app.command()
def ledger(
    campaign_id: str,
    by: Annotated[str, typer.Option(help="Group by campaign, scene or model.")] = "campaign",
    reconcile: Annotated[
        bool, typer.Option("--reconcile", help="Compare with what each provider says it billed (fal: FAL_KEY).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --reconcile: print JSON.")] = False,
) -> None:
    """Money reserved and charged for a campaign (``--reconcile``: against the providers' own figures)."""
    column = {"campaign": "campaign_id", "scene": "scene", "model": "model_id"}.get(by)
    if column is None:
        fail("--by takes campaign, scene or model")
    if as_json and not reconcile:
        fail("--json goes with --reconcile")

    async def go() -> None:
        from agent.service import CampaignService

        async with CampaignService.open(settings()) as service:
            if reconcile:
                from ui.cli.reconcile import show

                show(await service.reconcile(campaign_id), console, as_json=as_json)
                return
            await service.state(campaign_id)  # a clear error for an unknown id
            lines = service.ledger(campaign_id, column)
            table = Table(title=f"Ledger · {campaign_id} · by {by}")
            for name in (by, "reserved $", "charged $"):
                table.add_column(name)
            for line in lines:
                table.add_row(line.group, f"{line.reserved_usd:.4f}", f"{line.charged_usd:.4f}")
            console.print(table if lines else "Nothing spent: every step so far ran on local backends ($0).")

    run_async(go)


@app.command()
def voices(
    provider: Annotated[
        str | None, typer.Option(help="Speech route: local, elevenlabs or openai (default: a configured provider).")
    ] = None,
    search: Annotated[str | None, typer.Option(help="Keep voices whose id, name or traits hold these words.")] = None,
) -> None:
    """The voices a speech route offers here (offline: espeak-ng's voices and variants)."""

    async def go() -> None:
        from agent.service import CampaignService

        async with CampaignService.open(settings()) as service:
            route, listed = await service.voices(provider, search)
            table = Table(title=f"Voices · {route} route" + (f" · “{search}”" if search else ""))
            for column in ("id", "name", "traits", "preview"):
                table.add_column(column, overflow="fold")
            for v in listed:
                table.add_row(v.id, v.name, v.traits(), v.preview_url or "")
            console.print(table if listed else f"No {route} voice matches “{search}”.")
            console.print(
                "Choose one in chat by describing it ('a British narrator') or naming it ('the voice Rachel')."
            )

    run_async(go)


@app.command(name="eval")
def run_eval(
    planner: Annotated[str, typer.Option(help="offline, llm or all (llm needs an LLM configured).")] = "all",
    report: Annotated[Path, typer.Option(help="Where to write the JSON report.")] = Path("evals/report.json"),
    suites: Annotated[
        str, typer.Option(help="Comma-separated: briefs, intents, conversations, memory.")
    ] = "briefs,intents,conversations,memory",
    briefs: Annotated[
        Path | None, typer.Option(help="Brief cases (YAML), e.g. evals/datasets/live_briefs.yaml for a local model.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N briefs.")] = None,
) -> None:
    """Score the planners (briefs), the intent parsers (chat turns) and whole conversations (``python -m evals``).

    With ``--planner llm`` it runs against the configured endpoint and reports, per brief, whether each
    part was accepted, repaired, partly or wholly replaced by the offline planner, with latency and tokens.
    """
    command = [sys.executable, "-m", "evals", "--planner", planner, "--report", str(report), "--suites", suites]
    command += ["--briefs", str(briefs)] if briefs is not None else []
    command += ["--limit", str(limit)] if limit is not None else []
    env = os.environ | {"COLUMNS": str(console.width)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as evals:
        assert evals.stdout is not None
        for line in evals.stdout:  # streamed, so long runs show as they go
            typer.echo(line, nl=False)
    raise typer.Exit(evals.returncode)


@app.command(name="list")
def list_campaigns() -> None:
    """Campaigns in the data folder, newest first, with their title and where they stand."""
    from agent.conversation.listing import list_campaigns as listing

    home = settings().home
    found = listing(home)
    if not found:
        console.print(f"No campaigns in {home} yet. Try: studio demo")
    for c in found:
        where = f"at {c.stage.value}" if c.stage else c.status
        console.print(f"{c.campaign_id:<32} {where:<16} {c.title[:40]:<40} {c.brief[:50]}")


@app.command()
def replay(
    campaign_id: str,
    asset_id: str,
    out: OutOpt = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Spend without asking (paid replays only).")] = False,
) -> None:
    """Re-run one asset's recipe on its campaign's budget and compare the result's sha256 with the original."""

    async def go() -> None:
        from agent.service import CampaignService

        async with CampaignService.open(settings()) as service:
            quote = await service.quote_replay(campaign_id, asset_id)
            quote.check()
            if quote.cost_usd > 0 and not yes and not typer.confirm(quote.question, default=False):
                console.print("Not replayed; nothing was spent.")
                return
            done = await service.replay(campaign_id, asset_id, out, agreed_usd=quote.cost_usd)
            verdict = "[green]identical" if done.identical else "[yellow]different"
            console.print(f"{verdict}[/] sha256 {done.sha256} → {done.path}")
            if not done.identical:
                raise typer.Exit(1)

    run_async(go)


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(help="Interface to bind (127.0.0.1 keeps it on this machine).")] = "127.0.0.1",
    headless: Annotated[bool, typer.Option(help="Do not open a browser window.")] = False,
) -> None:
    """Start the chat workspace (Chainlit) and print its URL."""
    from ui.web.launch import serve

    serve(host, port, headless=headless)


def _register_groups() -> None:
    from ui.cli.brand import brand_app
    from ui.cli.catalog import catalog_app
    from ui.cli.memory import memory_app
    from ui.cli.users import user_app

    app.add_typer(brand_app, name="brand")
    app.add_typer(catalog_app, name="catalog")
    app.add_typer(memory_app, name="memory")
    app.add_typer(user_app, name="user")


_register_groups()

if __name__ == "__main__":
    app()
