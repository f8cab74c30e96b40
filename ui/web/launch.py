"""Start the Chainlit app: prepare its folder under the data folder, then serve ``ui/web/app.py``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from agent.settings import Settings, check_environment
from ui.web.accounts import load, login_enabled, users_file

APP = Path(__file__).with_name("app.py")
STATIC = Path(__file__).with_name("static")


def prepare(settings: Settings) -> Path:
    """Chainlit's app root (config, translations, session files) inside the data folder."""
    root = (settings.home / "ui").resolve()
    (root / ".chainlit").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / "config.toml", root / ".chainlit" / "config.toml")
    shutil.copyfile(STATIC / "chainlit.md", root / "chainlit.md")
    (root / "public").mkdir(exist_ok=True)
    shutil.copyfile(STATIC / "studio.css", root / "public" / "studio.css")
    return root


def login_note(settings: Settings) -> str:
    """One line on how people sign in."""
    users = load(users_file(settings.home)).users
    if login_enabled(settings.home):
        return f"Password login is on ({len(users)} user(s) in {users_file(settings.home)})."
    if os.environ.get("CHAINLIT_AUTH_SECRET"):
        return "CHAINLIT_AUTH_SECRET is set but there are no users yet: add one with `studio user add NAME`."
    return "No login (single local user). Set CHAINLIT_AUTH_SECRET and add users for accounts and chat history."


def serve(host: str, port: int, *, headless: bool) -> None:
    """Run the app in this process until interrupted; a bad setting raises ``SettingsProblem`` naming it."""
    settings = check_environment()
    root = prepare(settings)
    os.environ["STUDIO_HOME"] = str(settings.home)  # the app module reads the same, already resolved, folder
    os.environ["CHAINLIT_APP_ROOT"] = str(root)  # read when chainlit is first imported
    os.environ["CHAINLIT_HOST"], os.environ["CHAINLIT_PORT"] = host, str(port)
    from chainlit.cli import run_chainlit
    from chainlit.config import config

    config.run.headless = headless
    print(f"Campaign Studio at http://{host}:{port}  (data: {settings.home})", flush=True)  # noqa: T201
    print(login_note(settings), flush=True)  # noqa: T201
    run_chainlit(str(APP))
