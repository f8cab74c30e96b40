"""Browser end-to-end fixtures: the real `studio ui` server in a subprocess, Debian's Chromium via Playwright.

No browser is downloaded: Playwright drives ``/usr/bin/chromium`` (``.ci/run`` installs it with apt-get).
Under ``CI=true`` a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.conftest import PROVIDER_KEYS
from ui.web.accounts import add_user

CHROMIUM = Path(os.environ.get("STUDIO_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("STUDIO_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts" / "browser"))
PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-22"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The server renders media between messages; on a loaded 2-core runner 5 s (Playwright's default) is tight.
expect.set_options(timeout=30_000)

_PAGES: list[Page] = []
_SERVERS: list[StudioServer] = []
"""Open pages and started servers, for the evidence a failing test leaves behind."""


class StudioServer:
    """`studio ui` on a free port with its own data folder; stop() and start() again to simulate a restart."""

    def __init__(self, home: Path, *, login: bool) -> None:
        self.home = home
        self.port = _free_port()
        self.log = home / "server.log"
        self.env = {k: v for k, v in os.environ.items() if k not in PROVIDER_KEYS and not k.startswith("CHAINLIT_")}
        self.env |= {"STUDIO_HOME": str(home), "STUDIO_VARIATIONS": "2", "PYTHONUNBUFFERED": "1"}
        if login:
            self.env["CHAINLIT_AUTH_SECRET"] = secrets.token_hex(32)
            for user, password in PASSWORDS.items():
                add_user(home / "users.json", user, password)
        self.proc: subprocess.Popen[bytes] | None = None
        _SERVERS.append(self)

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it answers."""
        self.home.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-c",
            "from ui.cli.main import app; app()",
            "ui",
            "--port",
            str(self.port),
            "--headless",
        ]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"studio ui exited early:\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError(f"studio ui did not answer within 60 s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright, if Debian's Chromium is installed (required under CI=true)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install chromium` (.ci/run does)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium with the network-quiet flags."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudioServer]:
    """One server with password login, shared by a module's tests."""
    studio = StudioServer(tmp_path_factory.mktemp("studio-ui"), login=True)
    studio.start()
    yield studio
    studio.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's outcome so fixtures can save evidence when a test fails."""
    outcome = yield
    setattr(item, f"rep_{call.when}", outcome.get_result())


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Iterator[Path]:
    """Where this test's screenshots go; on failure, every open page and the server logs land there too."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    _PAGES.clear()
    yield folder
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for n, page in enumerate(_PAGES, start=1):
            if not page.is_closed():
                page.screenshot(path=folder / f"failure-page-{n}.png")
        for n, server in enumerate(_SERVERS, start=1):
            if server.log.exists():
                (folder / f"failure-server-{n}.log").write_bytes(server.log.read_bytes())


def new_page(browser: Browser) -> Page:
    """A fresh browser context (its own cookies) and page."""
    context = browser.new_context(viewport={"width": 1280, "height": 1800})
    context.set_default_timeout(60_000)
    page = context.new_page()
    _PAGES.append(page)
    return page
