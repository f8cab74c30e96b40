"""Dependencies flow ui → agent → tools/memory/prompts, and front ends use only agent's public face."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_AGENT = (
    "agent.conversation",
    "agent.service",
    "agent.settings",
    "agent.domain",
    "agent.state",
    "agent.progress",
)
"""What front ends may import from agent (see agent/__init__.py)."""


def imports(path: Path) -> list[str]:
    """Every module a file imports, at any depth (lazy imports inside functions count too)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offenders(folder: str, allowed: tuple[str, ...], banned: tuple[str, ...]) -> list[str]:
    found = []
    for path in files(folder):
        for name in imports(path):
            top = name.split(".")[0]
            if top in banned or (top == "agent" and not name.startswith(allowed)):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


def test_front_ends_import_only_the_agents_public_face() -> None:
    assert offenders("ui", PUBLIC_AGENT, ("tools", "memory", "evals", "prompts")) == []


def test_the_web_app_never_imports_the_cli() -> None:
    found = [
        f"{p.relative_to(ROOT)} imports {n}" for p in files("ui/web") for n in imports(p) if n.startswith("ui.cli")
    ]
    assert found == []


@pytest.mark.parametrize("folder", ["bench", "evals", "agent", "tools", "memory", "prompts"])
def test_nothing_below_the_front_ends_imports_them(folder: str) -> None:
    found = [f"{p.relative_to(ROOT)} imports {n}" for p in files(folder) for n in imports(p) if n.split(".")[0] == "ui"]
    assert found == []


@pytest.mark.parametrize("folder", ["tools", "memory", "prompts"])
def test_the_lower_layers_never_import_the_agent(folder: str) -> None:
    found = [
        f"{p.relative_to(ROOT)} imports {n}" for p in files(folder) for n in imports(p) if n.split(".")[0] == "agent"
    ]
    assert found == []


def test_light_cli_commands_load_no_heavy_module() -> None:
    """``studio --help`` and ``studio list`` must not load LangGraph, Chroma, Chainlit or OpenAI (it takes seconds)."""
    probe = (
        "import sys; from typer.testing import CliRunner; from ui.cli.main import app;"
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output;"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'langgraph', 'chromadb', 'chainlit', 'openai'});"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "", f"heavy modules loaded for --help: {done.stdout.strip()}"


def test_provider_adapters_are_wire_format_and_import_nothing_from_the_job_runner() -> None:
    """``tools/providers/`` builds requests and reads responses; sessions and jobs live in ``tools/jobs/``."""
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files("tools/providers")
        for name in imports(path)
        if name == "tools.jobs" or name.startswith("tools.jobs.")
    ]
    assert found == []


def test_each_provider_is_declared_once_and_its_settings_fields_match_the_declaration() -> None:
    from tools.providers.declared import PROVIDERS
    from tools.providers.settings import ProviderSettings

    declared = {v for d in PROVIDERS.values() for v in (d.key_env, d.base_url_env, d.switch_env) if v}
    aliases = {
        f.alias for name, f in ProviderSettings.model_fields.items() if f.alias and name.endswith(_PROVIDER_FIELDS)
    }
    assert aliases == declared, "a provider's variables are named in its declaration and as settings fields only"
    for name, provider in PROVIDERS.items():
        assert provider.name == name and provider.routes, name
        source = (ROOT / "tools" / "providers" / f"{name}.py").read_text()
        assert "DECLARATION = ProviderDeclaration(" in source and "key_env: ClassVar" not in source


_PROVIDER_FIELDS = ("_key", "_token", "_secret", "_base_url", "_media")


@pytest.mark.parametrize("folder", ["agent", "tools", "memory", "prompts"])
def test_the_tool_layer_is_passed_down_never_ambient(folder: str) -> None:
    """No context variables and no module-level tables that code registers backends into.

    The process's tool layer is one :class:`tools.backends.Backends` value, built by the composition
    root and handed to the agent's context; a job's campaign travels with the call.
    """
    found = []
    for path in files(folder):
        tree = ast.parse(path.read_text(), filename=str(path))
        if "contextvars" in imports(path):
            found.append(f"{path.relative_to(ROOT)} imports contextvars")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in ("register", "unregister"):
                found.append(f"{path.relative_to(ROOT)} defines a module-level {node.name}()")
    assert not found, found
