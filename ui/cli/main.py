"""``studio``: run campaigns from the terminal, with approvals at every checkpoint."""

from __future__ import annotations

import asyncio
import json
import math
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.prompt import Prompt
from rich.table import Table
from typer.core import TyperGroup

from agent.briefs import BUDGET_RULE, BriefError, parse_brief
from agent.checkpoints import InvalidDecision
from agent.context import make_planner
from agent.domain import MAX_DURATION_S, MIN_DURATION_S, Concept, Decision, DecisionKind, Storyboard
from agent.intents.decide import Reply
from agent.intents.parser import IntentParser, make_intent_parser
from agent.llm.settings import LLMSettings
from agent.planner import OfflinePlanner
from agent.progress import Progress as ProgressEvent
from agent.service import CampaignNotFound, CampaignService, Outcome, open_memory
from agent.settings import Settings, SettingsProblem, check_environment
from agent.state import DerivativeOffer
from evals.memory import RECALL_TARGET, score_memory
from evals.run import SuiteReport, run_suite, write_report
from memory.store import ChromaMemory, Recall
from tools.catalog import load_catalog
from tools.errors import ToolError
from tools.jobs.runner import SubmitOutcomeUnknown
from tools.providers.base import ProviderError
from tools.providers.session import provider_session
from tools.recipe import sha256_file
from tools.runner import run_recipe
from ui.cli.decisions import ask_decision
from ui.cli.render import assets_table, concept_panel, cost_lines, show_checkpoint, storyboard_table

DEMO_BRIEF = (
    "20 s teaser for our trail shoe, TikTok and YouTube, energetic, for runners and hikers, "
    "budget $20. No logos of other brands."
)


class CheckedGroup(TyperGroup):
    """Checks the environment once, before any command runs (help is shown whatever the settings)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's own click Context
        """Check the settings unless help is asked for, then read the arguments."""
        if args and "--help" not in args:
            studio_settings()
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
        raise typer.BadParameter(f"{value:g} is not a budget: {BUDGET_RULE.replace('budget $20', '-b 20')}")
    return value


def _duration(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and MIN_DURATION_S <= value <= MAX_DURATION_S):
        raise typer.BadParameter(
            f"a {value:g} s cut is not possible: give a length in seconds from "
            f"{MIN_DURATION_S:g}–{MAX_DURATION_S:g} s, e.g. -d 15"
        )
    return value


PlatformOpt = Annotated[list[str] | None, typer.Option("--platform", "-p", help="Target platform (repeatable).")]
DurationOpt = Annotated[float | None, typer.Option("--duration", "-d", help="Length in seconds.", callback=_duration)]
BudgetOpt = Annotated[float | None, typer.Option("--budget", "-b", help="Budget in USD.", callback=_budget)]
AutoOpt = Annotated[bool, typer.Option("--auto-approve", help="Approve every checkpoint (first variation).")]


def fail(message: str, code: int = 2) -> None:
    """Print an error that says what to do, and exit non-zero."""
    console.print(f"[bold red]error:[/bold red] {message}", soft_wrap=True)
    raise typer.Exit(code)


def studio_settings(**overrides: Any) -> Settings:
    """The settings from the environment, checked; a bad variable is one message naming it, and exit 2."""
    try:
        return check_environment(**overrides)
    except SettingsProblem as exc:
        fail(str(exc))
    raise AssertionError("unreachable")


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine, turning known errors into one clear message each."""
    try:
        return asyncio.run(factory())  # type: ignore[arg-type]
    except BriefError as exc:
        fail(str(exc))
    except CampaignNotFound as exc:
        fail(str(exc))
    except InvalidDecision as exc:
        fail(str(exc))
    except (ToolError, ProviderError, SubmitOutcomeUnknown) as exc:
        fail(f"{exc}. The campaign is saved at its last checkpoint; fix the cause and `studio resume` it.", 1)
    raise AssertionError("unreachable")


@contextmanager
def progress_bars() -> Iterator[Callable[[ProgressEvent], None]]:
    """A rich progress display fed by the graph's progress events."""
    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[label]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bars:

        def update(event: ProgressEvent) -> None:
            if event.stage not in tasks:
                tasks[event.stage] = bars.add_task(event.stage, total=event.total, label="")
            bars.update(tasks[event.stage], completed=event.done, total=event.total, label=event.label)

        yield update


async def drive(service: CampaignService, outcome: Outcome, *, auto_approve: bool) -> Outcome:
    """Answer checkpoints until the campaign is delivered, cancelled or paused."""
    parser = make_intent_parser(LLMSettings())
    try:
        return await _drive(service, outcome, auto_approve=auto_approve, parser=parser)
    finally:
        await parser.aclose()


async def _drive(service: CampaignService, outcome: Outcome, *, auto_approve: bool, parser: IntentParser) -> Outcome:
    while outcome.checkpoint is not None:
        cp = outcome.checkpoint
        decision: Decision | Reply
        if auto_approve:
            console.print(f"[green]✓[/green] auto-approved {cp.stage.value}")
            decision = Decision(kind=DecisionKind.APPROVE)
        else:
            show_checkpoint(console, cp)
            try:
                decision = await ask_decision(console, cp, parser, service.context.memory, recall_table)
            except (EOFError, KeyboardInterrupt):
                console.print(
                    f"\n[yellow]Paused at {cp.stage.value}.[/yellow] Continue with: studio resume {outcome.campaign_id}"
                )
                return outcome
        derivative = decision if isinstance(decision, Reply) else None
        if derivative is not None:
            console.print(derivative.text)
        chosen = decision if isinstance(decision, Decision) else Decision(kind=DecisionKind.APPROVE)
        with progress_bars() as on_progress:
            outcome = await service.decide(outcome.campaign_id, chosen, on_progress)
        if derivative is not None and derivative.derive_platform and outcome.status == "delivered":
            offered = await service.derive(
                outcome.campaign_id, derivative.derive_platform, derivative.derive_duration_s
            )
            outcome = await offer_derivative(service, offered, None)
    return outcome


def summary(outcome: Outcome) -> None:
    """Where the files are."""
    console.rule(f"[bold]{outcome.campaign_id}: {outcome.status}")
    for platform, path in outcome.exports.items():
        console.print(f"  {platform:<14} {path}")
    console.print(f"  manifest       {outcome.manifest}")


@app.command()
def run(
    brief: Annotated[str, typer.Argument(help="The campaign brief, in your words.")],
    platform: PlatformOpt = None,
    duration: DurationOpt = None,
    budget: BudgetOpt = None,
    auto_approve: AutoOpt = False,
    brand: Annotated[str | None, typer.Option(help="Brand whose memory to prefer and file under.")] = None,
) -> None:
    """Run a campaign with approvals at every checkpoint."""
    try:  # a bad brief is refused before any database is opened
        parse_brief(brief, platforms=platform, duration_s=duration, budget_usd=budget)
    except BriefError as exc:
        fail(str(exc))

    async def go() -> Outcome:
        async with CampaignService.open() as service:
            console.print(f"Planner: {service.context.get_planner().describe()}")
            with progress_bars() as on_progress:
                outcome = await service.start(
                    brief,
                    platforms=platform,
                    duration_s=duration,
                    budget_usd=budget,
                    brand=brand,
                    on_progress=on_progress,
                )
            console.print(f"Campaign [bold]{outcome.campaign_id}[/bold] in {outcome.folder}")
            return await drive(service, outcome, auto_approve=auto_approve)

    summary(run_async(go))


@app.command()
def plan(
    brief: Annotated[str, typer.Argument(help="The campaign brief.")],
    platform: PlatformOpt = None,
    duration: DurationOpt = None,
    budget: BudgetOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Show the concept, storyboard and cost estimate; generates nothing and saves nothing."""
    try:
        parsed = parse_brief(brief, platforms=platform, duration_s=duration, budget_usd=budget)
    except BriefError as exc:
        fail(str(exc))
    planner = make_planner(studio_settings(), load_catalog(), LLMSettings())

    async def routed_plan() -> tuple[Concept, Storyboard]:
        # Configured providers change the plan; their session lives in a throwaway folder: plan saves nothing.
        with tempfile.TemporaryDirectory() as scratch:
            async with provider_session(Path(scratch) / "jobs.db"):
                try:
                    concept = await planner.draft_concept(parsed, [])
                    return concept, await planner.draft_storyboard(parsed, concept)
                finally:
                    await planner.aclose()

    concept, board = asyncio.run(routed_plan())
    if as_json:
        payload = {
            "planner": planner.name,
            "brief": parsed.model_dump(mode="json"),
            "concept": concept.model_dump(mode="json"),
            "storyboard": board.model_dump(mode="json"),
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    console.print(f"Planner: {planner.describe()}")
    console.print(concept_panel(concept))
    console.print(storyboard_table(board))
    for line in cost_lines(board):
        console.print(line)


ResubmitOpt = Annotated[
    bool,
    typer.Option(
        "--resubmit-unknown", help="Submit again where an earlier submit's outcome is unknown (may pay twice)."
    ),
]


@app.command()
def resume(campaign_id: str, auto_approve: AutoOpt = False, resubmit_unknown: ResubmitOpt = False) -> None:
    """Continue a campaign at the checkpoint it left (or the step a crash interrupted)."""

    async def go() -> Outcome:
        async with CampaignService.open(studio_settings(resubmit_unknown=resubmit_unknown)) as service:
            with progress_bars() as on_progress:
                outcome = await service.resume(campaign_id, on_progress)
            return await drive(service, outcome, auto_approve=auto_approve)

    summary(run_async(go))


@app.command()
def demo() -> None:
    """Run a sample brief end to end, offline, approving every checkpoint."""
    console.print(f"Demo brief: [italic]{DEMO_BRIEF}[/italic]")

    async def go() -> Outcome:
        async with CampaignService.open() as service:
            console.print(f"Planner: {service.context.get_planner().describe()}")
            with progress_bars() as on_progress:
                outcome = await service.start(DEMO_BRIEF, on_progress=on_progress)
            return await drive(service, outcome, auto_approve=True)

    summary(run_async(go))


@app.command()
def assets(campaign_id: str) -> None:
    """List a campaign's assets with their status and files."""

    async def go() -> None:
        async with CampaignService.open() as service:
            state = await service.state(campaign_id)
            console.print(assets_table(state.all_assets(), f"{campaign_id} · {state.status}"))

    run_async(go)


@app.command()
def ledger(
    campaign_id: str,
    by: Annotated[str, typer.Option(help="Group by campaign, scene or model.")] = "campaign",
) -> None:
    """Money reserved and charged for a campaign."""
    column = {"campaign": "campaign_id", "scene": "scene", "model": "model_id"}.get(by)
    if column is None:
        fail("--by takes campaign, scene or model")

    async def go() -> None:
        async with CampaignService.open() as service:
            await service.state(campaign_id)  # a clear error for an unknown id
            lines = service.ledger(campaign_id, column or "campaign_id")
            table = Table(title=f"Ledger · {campaign_id} · by {by}")
            for name in (by, "reserved $", "charged $"):
                table.add_column(name)
            for line in lines:
                table.add_row(line.group, f"{line.reserved_usd:.4f}", f"{line.charged_usd:.4f}")
            console.print(table if lines else "Nothing spent: every step so far ran on local backends ($0).")

    run_async(go)


StrategyOpt = Annotated[
    str | None,
    typer.Option(
        help="crop or fill (free reframes; reframe picks the suggested one) or regenerate (paid); "
        "asked at the checkpoint when not given."
    ),
]


@app.command()
def derive(
    campaign_id: str,
    platform: Annotated[str, typer.Option("--platform", "-p", help="Platform of the new version.")],
    duration: DurationOpt = None,
    strategy: StrategyOpt = None,
) -> None:
    """Make another version of a delivered campaign: a platform, a length, or both."""

    async def go() -> Outcome:
        async with CampaignService.open() as service:
            with progress_bars() as on_progress:
                outcome = await service.derive(campaign_id, platform, duration, on_progress)
            return await offer_derivative(service, outcome, strategy)

    summary(run_async(go))


async def offer_derivative(service: CampaignService, outcome: Outcome, strategy: str | None) -> Outcome:
    """Show the priced strategies and run the chosen one."""
    cp = outcome.checkpoint
    if cp is None:
        return outcome
    offer = DerivativeOffer.model_validate(cp.content["offer"])
    console.rule("[bold]Checkpoint: derivative")
    dropped = f", dropping scene(s) {offer.dropped}" if offer.dropped else ""
    console.print(f"{offer.platform} · {offer.duration_s:g} s · scenes {[s for s, _ in offer.scenes]}{dropped}")
    options = offer.options()
    for n, (_, label, what, cost) in enumerate(options, start=1):
        console.print(f"  [{n}] {label}: {what} · ${cost:.2f}")
    keys = {str(n): strategy for n, (strategy, *_) in enumerate(options, start=1)} | {"c": "cancel"}
    choice = (
        strategy
        or keys[
            Prompt.ask(
                " / ".join(f"[{k}] {v}" for k, v in keys.items()), choices=list(keys), default="1", console=console
            )
        ]
    )
    if choice == "cancel":
        return await service.decide(outcome.campaign_id, Decision(kind=DecisionKind.CANCEL))
    with progress_bars() as on_progress:
        done = await service.decide(
            outcome.campaign_id, Decision(kind=DecisionKind.APPROVE, strategy=choice), on_progress
        )
    state = await service.state(done.campaign_id)
    made = state.derivatives[-1]
    verdict = "passed QA" if made.qa_passed else "[red]failed QA (not shipped)[/red]"
    console.print(f"Derivative ({made.how}): {made.exports[0].path} — {verdict}")
    return done


@app.command(name="eval")
def run_eval(
    planner: Annotated[str, typer.Option(help="offline, llm or all (llm needs OPENAI_API_KEY).")] = "all",
    report: Annotated[Path, typer.Option(help="Where to write the JSON report.")] = Path("evals/report.json"),
) -> None:
    """Score the planners on the brief suite and the intent parsers on the chat-turn suites."""
    llm = LLMSettings()
    if planner not in ("offline", "llm", "all"):
        fail("--planner takes offline, llm or all")
    if planner == "llm" and not llm.configured:
        fail(
            "no LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL, STUDIO_LLM_MODEL) or use --planner offline"
        )
    settings, catalog = studio_settings(), load_catalog()
    suites: list[tuple[str, OfflinePlanner, IntentParser]] = []
    if planner in ("offline", "all"):
        suites.append(("offline", make_planner(settings, catalog, LLMSettings(STUDIO_LLM=False)), IntentParser()))
    if planner in ("llm", "all") and llm.configured:
        suites.append((f"llm:{llm.model}", make_planner(settings, catalog, llm), make_intent_parser(llm)))

    async def go() -> list[SuiteReport]:
        with tempfile.TemporaryDirectory() as scratch:
            async with provider_session(Path(scratch) / "jobs.db"):
                try:
                    return [await run_suite(name, p, parser) for name, p, parser in suites]
                finally:
                    for _, p, parser in suites:
                        await p.aclose()
                        await parser.aclose()

    reports = asyncio.run(go())
    table = Table(title="Campaign Studio evals")
    table.add_column("metric")
    for r in reports:
        table.add_column(r.planner, justify="right")
    metrics = [
        "format",
        "duration within 5%",
        "scene count",
        "prompt anatomy",
        "routing",
        "seeds recorded",
        "derivative keeps recipe",
        "platforms",
        "duration read",
        "budget read",
        "tone",
        "refused clearly",
    ]
    table.add_row("brief suite score", *(f"{r.brief_score:.1%}" for r in reports))
    for metric in metrics:
        table.add_row(f"  {metric}", *(f"{r.check_rates.get(metric, 0):.0%}" for r in reports))
    table.add_row("intent accuracy", *(f"{r.intent_accuracy:.1%} of {len(r.intents)}" for r in reports))
    table.add_row("  held-out turns", *(f"{r.intent_heldout_accuracy:.1%} of {len(r.heldout)}" for r in reports))
    table.add_row("thresholds met", *("yes" if r.passed else "NO" for r in reports))
    memory_report = score_memory()
    table.add_row(
        f"memory recall@5 ({memory_report.queries} queries)", *(f"{memory_report.recall_at_5:.1%}" for _ in reports)
    )
    table.add_row("memory MRR", *(f"{memory_report.mrr:.3f}" for _ in reports))
    console.print(table)
    if planner == "all" and not llm.configured:
        console.print("LLM suite skipped: no LLM configured.")
    console.print(f"Report: {write_report(reports, report, memory_report)}")
    if not all(r.passed for r in reports) or memory_report.recall_at_5 < RECALL_TARGET:
        raise typer.Exit(1)


memory_app = typer.Typer(help="The memory of approved and rejected recipes.", no_args_is_help=True)
app.add_typer(memory_app, name="memory")


def _memory() -> ChromaMemory:
    memory = open_memory(studio_settings())
    if memory is None:
        fail("memory is turned off (STUDIO_MEMORY=0)")
    assert memory is not None
    return memory


def recall_table(recalls: list[Recall], title: str = "Remembered combinations") -> Table:
    """Recalled combinations with their history and thumbnails."""
    table = Table(title=title)
    for column in ("match", "model", "seed", "guidance", "approved", "rejected", "scene", "campaign", "thumbnail"):
        table.add_column(column, overflow="fold")
    for r in recalls:
        rec = r.record
        table.add_row(
            f"{r.similarity:.2f}",
            rec.model_id,
            str(rec.seed),
            f"{rec.guidance or ''}",
            str(rec.approvals),
            str(rec.rejections),
            rec.description[:60],
            rec.campaign_title or rec.campaign_id,
            rec.thumbnail,
        )
    return table


@memory_app.command("search")
def memory_search(
    query: str,
    k: Annotated[int, typer.Option(help="How many results.", min=1)] = 5,
    brand: Annotated[str | None, typer.Option(help="Only this brand.")] = None,
) -> None:
    """What worked (and what did not) for shots like the query."""
    found = _memory().search(query, k=k, brand=brand)
    console.print(recall_table(found, f"Memory · {query}") if found else "Nothing remembered yet for that.")


@memory_app.command("list")
def memory_list(limit: Annotated[int, typer.Option(help="How many records.", min=1)] = 20) -> None:
    """The newest records."""
    records = _memory().list(limit)
    table = Table(title="Memory")
    for column in ("recipe", "outcome", "model", "seed", "approved", "rejected", "scene", "campaign"):
        table.add_column(column, overflow="fold")
    for rec in records:
        table.add_row(
            rec.recipe_hash[:12],
            rec.outcome.value,
            rec.model_id,
            str(rec.seed),
            str(rec.approvals),
            str(rec.rejections),
            rec.description[:50],
            rec.campaign_id,
        )
    console.print(table if records else "The memory is empty.")


@memory_app.command("forget")
def memory_forget(
    recipe: Annotated[list[str] | None, typer.Argument(help="Recipe hashes.")] = None,
    campaign: Annotated[str | None, typer.Option(help="Forget a whole campaign.")] = None,
) -> None:
    """Delete records by recipe hash or campaign."""
    if not recipe and not campaign:
        fail("name recipe hashes or --campaign <id>")
    memory = _memory()
    full = [r.recipe_hash for r in memory.list(10**9) if any(r.recipe_hash.startswith(p) for p in recipe or [])]
    count = memory.forget(recipe_hashes=full, campaign_id=campaign)
    console.print(f"Forgot {count} record(s).")


@memory_app.command("export")
def memory_export(
    path: Annotated[Path, typer.Argument(help="JSON-lines file to write.")] = Path("memory.jsonl"),
) -> None:
    """Write every record of the workspace as JSON lines."""
    console.print(f"Exported {_memory().export(path)} record(s) to {path}")


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(help="Interface to bind (127.0.0.1 keeps it on this machine).")] = "127.0.0.1",
    headless: Annotated[bool, typer.Option(help="Do not open a browser window.")] = False,
) -> None:
    """Start the chat workspace (Chainlit) and print its URL."""
    from ui.web.launch import serve

    serve(host, port, headless=headless)


user_app = typer.Typer(help="Accounts for the chat workspace (password login).", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    username: str,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Add a user, or set their password (stored as a salted scrypt hash)."""
    from ui.web.accounts import AccountError, add_user, users_file

    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    path = users_file(studio_settings().home)
    try:
        add_user(path, username, password)
    except AccountError as exc:
        fail(str(exc))
    console.print(f"User {username} saved in {path}. Login is on when CHAINLIT_AUTH_SECRET is set.")


@app.command(name="list")
def list_campaigns() -> None:
    """Campaigns in the data folder, newest first."""
    settings = studio_settings()
    folders = [p for p in settings.home.glob("*/manifest.json")] if settings.home.is_dir() else []
    if not folders:
        console.print(f"No campaigns in {settings.home} yet. Try: studio demo")
    for manifest in sorted(folders, key=lambda p: p.stat().st_mtime, reverse=True):
        data = json.loads(manifest.read_text())
        console.print(f"{data['campaign_id']:<32} {data['status']:<10} {data['brief'].get('raw', '')[:60]}")


def _out_file(value: Path | None) -> Path | None:
    if value is not None and value.is_dir():
        raise typer.BadParameter(f"{value} is a directory; give a file path such as {value / 'replay.png'}")
    return value


OutOpt = Annotated[Path | None, typer.Option(help="File to write the replay to.", callback=_out_file)]


@app.command()
def replay(campaign_id: str, asset_id: str, out: OutOpt = None) -> None:
    """Re-run one asset's recipe and compare the result's sha256 with the original."""

    async def go() -> None:
        async with CampaignService.open() as service:
            state = await service.state(campaign_id)
            asset = state.find(asset_id)
            if asset is None:
                fail(f"no asset {asset_id!r} in {campaign_id}; list them with: studio assets {campaign_id}")
                return
            inputs = tuple(Path(a.path) for a in state.all_assets() if a.sha256 in asset.recipe.reference_asset_hashes)
            target = out or Path(asset.path).with_name(f"replay-{Path(asset.path).name}")
            generated = await run_recipe(asset.recipe, target, inputs)
            digest = sha256_file(generated.path)
            same = digest == asset.sha256
            console.print(
                f"{'[green]identical' if same else '[yellow]different'}[/] sha256 {digest} → {generated.path}"
            )
            if not same:
                raise typer.Exit(1)

    run_async(go)


if __name__ == "__main__":
    app()
