"""Issue #10 item 10: parsing says what it read; bad input is one message and exit 2, never a guess."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from agent.briefs import BriefError, parse_brief
from ui.cli.main import app

runner = CliRunner(env={"COLUMNS": "250"})
SHOE = "teaser for our trail shoe on TikTok"
BUDGET_RULE = "the budget must be a positive amount, e.g. 'budget $20'"


@pytest.fixture(autouse=True)
def nothing_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad input must stop before a campaign or the web app starts; fail fast if it does not."""

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("bad input got past validation and started work")

    monkeypatch.setattr("agent.service.CampaignService.open", started)
    monkeypatch.setattr("ui.web.launch.prepare", started)


def one_message(result: Result, *says: str) -> str:
    """Exit 2, no traceback, and every phrase on one line of the output."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line.strip(" │") for line in result.output.splitlines()]
    for phrase in says:
        assert any(phrase in line for line in lines), f"{phrase!r} not on one line of:\n{result.output}"
    return result.output


# Budgets in the brief ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"20 s {SHOE}, budget $-5",  # issue: read as no budget
        f"20 s {SHOE}, budget: -5 dollars",  # issue: read as $5
        f"20 s {SHOE}, $1e309",  # issue: read as $1
        f"20 s {SHOE}, budget -$5",
        f"20 s {SHOE}, budget -5",
        f"20 s {SHOE}, budget -20 €",
        f"20 s {SHOE}, budget $1e400",
    ],
)
def test_a_negative_or_infinite_budget_is_refused_with_one_message(text: str) -> None:
    with pytest.raises(BriefError) as caught:
        parse_brief(text)
    assert str(caught.value) == BUDGET_RULE


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        (f"20 s {SHOE}, budget $1,000", 1000),  # issue: read as $1
        (f"20 s {SHOE}, budget 1,250.50 USD", 1250.5),
        (f"20 s {SHOE}, we can spend $12,500", 12500),
        (f"20 s {SHOE}, 20 dollars", 20),
        (f"20 s {SHOE}, 20 bucks", 20),
        (f"20 s {SHOE}, USD 20", 20),
        (f"20 s {SHOE}, 20 usd", 20),
        (f"20 s {SHOE}, budget of US$ 30", 30),
        (f"20 s {SHOE}, budget $2k", 2000),
        (f"20 s {SHOE}, budget 1.5k dollars", 1500),
        (f"20 s {SHOE}, a $5 coupon in the ad, budget $20", 20),
        (f"20 s {SHOE}, budget $0", 0),
        (f"20 s {SHOE}, budget $20.", 20),
        (f"20 s {SHOE}, presupuesto $1.000", 1000),
        (f"20 s {SHOE}, budget 20-30 dollars", 20),
    ],
)
def test_dollar_amounts_with_separators_and_currency_words(text: str, usd: float) -> None:
    assert parse_brief(text).budget_usd == usd


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        (f"20 s {SHOE}, budget €1.000", 1000),
        (f"20 s {SHOE}, Budget 1.250,50 €", 1250.5),
        (f"20 s {SHOE}, budget €1,000", 1000),
        (f"20 s {SHOE}, budget EUR 40", 40),
        (f"20 s {SHOE}, budget 40 euros", 40),
        (f"20 s {SHOE}, budget £2,500", 2500),
        (f"20 s {SHOE}, 30 GBP", 30),
    ],
)
def test_euro_and_pound_amounts_are_read_and_noted(text: str, amount: float) -> None:
    brief = parse_brief(text)
    assert brief.budget_usd == amount
    assert any("taken 1:1 as USD" in c for c in brief.constraints)


@pytest.mark.parametrize("value", [-5.0, math.nan, math.inf, -math.inf])
def test_a_bad_budget_argument_is_refused(value: float) -> None:
    with pytest.raises(BriefError, match="budget must be a positive amount"):
        parse_brief(f"20 s {SHOE}", budget_usd=value)


# Lengths in the brief ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (f"one minute {SHOE}", 60),  # issue: fell back to 15 s
        (f"a minute long {SHOE}", 60),
        (f"half a minute {SHOE}", 30),
        (f"a half-minute {SHOE}", 30),
        (f"two minutes {SHOE}", 120),
        (f"a two-minute {SHOE}", 120),
        (f"ninety seconds {SHOE}", 90),
        (f"forty-five second {SHOE}", 45),
        (f"a thirty second {SHOE}", 30),
        (f"90 seconds {SHOE}", 90),
        (f"1.5 minutes {SHOE}", 90),
        (f"1 min 30 {SHOE}", 90),
        (f"1 min 30, {SHOE}", 90),
        (f"1 min 30 fps {SHOE}", 60),
        (f"a 1 minute 30 seconds {SHOE}", 90),
        (f"a minute and a half {SHOE}", 90),
        (f"one and a half minutes {SHOE}", 90),
        (f"a 45-second spot, {SHOE}", 45),
        (f"a one hundred and twenty second {SHOE}", 120),
    ],
)
def test_lengths_in_words_and_numbers(text: str, seconds: float) -> None:
    assert parse_brief(text).duration_s == seconds


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (f"1e3 s {SHOE}", "16.7 minute (1000 s)"),  # issue: fell back to 15 s
        (f"five minutes {SHOE}", "5 minute (300 s)"),
        (f"2 s {SHOE}", "2 s"),
        (f"1e309 s {SHOE}", "length"),
    ],
)
def test_an_out_of_range_length_names_what_was_read_and_the_range(text: str, read: str) -> None:
    with pytest.raises(BriefError) as caught:
        parse_brief(text)
    assert read in str(caught.value)
    assert "3–180 s" in str(caught.value)


def test_the_longest_length_is_allowed() -> None:
    assert parse_brief(f"three minutes {SHOE}").duration_s == 180


@pytest.mark.parametrize("value", [math.nan, math.inf, -5.0, 0.0])
def test_a_bad_duration_argument_is_refused(value: float) -> None:
    with pytest.raises(BriefError, match="3–180 s"):
        parse_brief(SHOE, duration_s=value)


def test_a_minute_that_is_not_a_length_is_not_read_as_one() -> None:
    assert parse_brief(f"{SHOE}; take a minute to breathe").duration_s == 15


# Platforms --------------------------------------------------------------------------------------


def test_repeated_platforms_are_kept_once_in_order() -> None:
    brief = parse_brief(SHOE, platforms=["tiktok", "reels", "TikTok", "tik tok", "reels", "youtube"])
    assert brief.platforms == ["tiktok", "reels", "youtube"]


def test_repeated_platform_options_in_the_cli(studio_home: Path) -> None:
    result = runner.invoke(app, ["plan", SHOE, "-p", "tiktok", "-p", "tiktok", "--json"])
    assert result.exit_code == 0, result.output
    assert '"platforms": [\n      "tiktok"\n    ]' in result.output


# Numeric CLI options ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "1e309", "-5", "-inf", "NaN"])
@pytest.mark.parametrize("command", ["plan", "run"])
def test_a_bad_budget_option_is_one_message(command: str, value: str, studio_home: Path) -> None:
    result = runner.invoke(app, [command, f"20 s {SHOE}", "-b", value])
    one_message(result, "'--budget' / '-b'", "positive amount")
    assert not studio_home.exists(), "nothing is opened or saved for bad input"


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "0", "1e309"])
@pytest.mark.parametrize("command", ["plan", "run"])
def test_a_bad_duration_option_is_one_message(command: str, value: str, studio_home: Path) -> None:
    result = runner.invoke(app, [command, SHOE, "--duration", value])
    one_message(result, "'--duration' / '-d'", "3–180 s")
    assert not studio_home.exists()


def test_a_bad_duration_on_derive_is_one_message() -> None:
    one_message(runner.invoke(app, ["derive", "nope-123456", "-p", "reels", "-d", "nan"]), "'--duration' / '-d'")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (f"20 s {SHOE}, budget $-5", BUDGET_RULE),
        (f"20 s {SHOE}, budget: -5 dollars", BUDGET_RULE),
        (f"20 s {SHOE}, $1e309", BUDGET_RULE),
        (f"1e3 s {SHOE}", "3–180 s"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "run"])
def test_a_bad_brief_in_the_cli_is_one_message(command: str, text: str, says: str, studio_home: Path) -> None:
    one_message(runner.invoke(app, [command, text]), says)
    assert not studio_home.exists()


def test_the_cli_reads_the_budget_it_was_given() -> None:
    result = runner.invoke(app, ["plan", f"20 s {SHOE}, budget $1,000", "--json"])
    assert result.exit_code == 0, result.output
    assert '"budget_usd": 1000.0' in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["memory", "search", "trail shoe", "--k", "-1"], "'--k'"),
        (["memory", "search", "trail shoe", "--k", "0"], "'--k'"),
        (["memory", "list", "--limit", "-1"], "'--limit'"),
        (["ui", "--port", "-1"], "'--port'"),
    ],
)
def test_bad_counts_are_one_message(args: list[str], says: str) -> None:
    one_message(runner.invoke(app, args), says)


def test_replay_out_must_not_be_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    one_message(runner.invoke(app, ["replay", "nope-123456", "kf-1", "--out", str(folder)]), "is a directory")


# Environment settings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("STUDIO_VARIATIONS", "0", "greater than or equal to 1"),
        ("STUDIO_VARIATIONS", "abc", "valid integer"),
        ("STUDIO_CONCURRENCY", "99", "less than or equal to 16"),
        ("STUDIO_PROVIDER_CONCURRENCY", "{bad", "JSON"),
        ("STUDIO_PROVIDER_CONCURRENCY", '{"fal": 0}', "greater than or equal to 1"),
        ("STUDIO_PROVIDER_CONCURRENCY", '{"nope": 3}', "unknown provider 'nope'"),
        ("STUDIO_PROVIDER_CONCURRENCY", "[1, 2]", "JSON"),
        ("STUDIO_POLL_INTERVAL_S", "0", "greater than 0"),
        ("STUDIO_POLL_INTERVAL_S", "nan", "finite number"),
        ("STUDIO_LLM_TIMEOUT_S", "inf", "finite number"),
        ("STUDIO_RECALL_THRESHOLD", "2", "less than or equal to 1"),
        ("CHROMA_PORT", "http", "valid integer"),
    ],
)
@pytest.mark.parametrize("command", [["plan", SHOE], ["list"], ["ui"]])
def test_a_bad_environment_variable_is_named_in_one_message(
    command: list[str], variable: str, value: str, says: str
) -> None:
    result = runner.invoke(app, command, env={variable: value})
    one_message(result, variable, says)


def test_a_data_folder_under_a_regular_file_is_one_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    home = blocker / "studio-data"
    for command in (["plan", SHOE], ["list"], ["demo"], ["ui"]):
        result = runner.invoke(app, command, env={"STUDIO_HOME": str(home)})
        one_message(result, "STUDIO_HOME", "is a file")


def test_a_data_folder_that_is_a_file_is_one_message(tmp_path: Path) -> None:
    home = tmp_path / "studio-data"
    home.write_text("x")
    one_message(runner.invoke(app, ["list"], env={"STUDIO_HOME": str(home)}), "STUDIO_HOME", "is a file")


def test_a_read_only_data_folder_is_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "locked"
    home.mkdir()
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:  # root may write anywhere: act as a user
        if Path(str(path)) == home and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    for command in (["list"], ["demo"], ["plan", SHOE]):
        result = runner.invoke(app, command, env={"STUDIO_HOME": str(home)})
        one_message(result, "STUDIO_HOME", "not writable")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_data_folder_without_privileges(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = runner.invoke(app, ["list"], env={"STUDIO_HOME": str(parent / "studio-data")})
        one_message(result, "STUDIO_HOME", "not writable")
    finally:
        parent.chmod(0o755)


def test_a_good_environment_still_runs(tmp_path: Path) -> None:
    env = {"STUDIO_VARIATIONS": "2", "STUDIO_PROVIDER_CONCURRENCY": '{"fal": 4}', "STUDIO_POLL_INTERVAL_S": "0.5"}
    result = runner.invoke(app, ["plan", SHOE, "--json"], env=env)
    assert result.exit_code == 0, result.output


def test_the_web_launcher_gets_the_same_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.settings import SettingsProblem
    from ui.web import launch

    monkeypatch.setenv("STUDIO_VARIATIONS", "abc")
    with pytest.raises(SettingsProblem, match="STUDIO_VARIATIONS"):
        launch.serve("127.0.0.1", 8000, headless=True)
