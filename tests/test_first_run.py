"""The README's demo command, as a new user runs it: a fresh folder, default settings, no STUDIO_* variables.

Every other test sets an absolute ``STUDIO_HOME``; this one must not, because the default data folder
(``./studio-data``, relative) is what a new user gets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.settings import Settings

STUDIO = Path(sys.executable).with_name("studio")


def clean_env() -> dict[str, str]:
    """The environment without any STUDIO_* setting or provider/LLM key."""
    drop = ("STUDIO_", "FAL_", "REPLICATE_", "OPENAI_", "ELEVENLABS_", "GEMINI_", "RUNWAY", "BFL_", "CHROMA_")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


def test_default_data_folder_is_resolved_once_to_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STUDIO_HOME")
    monkeypatch.chdir(tmp_path)
    home = Settings().home
    assert home.is_absolute()
    assert home == tmp_path.resolve() / "studio-data"
    monkeypatch.setenv("STUDIO_HOME", "relative/data")
    assert Settings().home == tmp_path.resolve() / "relative" / "data"


@pytest.mark.slow
def test_demo_runs_as_the_readme_says_in_a_fresh_folder(tmp_path: Path) -> None:
    assert STUDIO.exists(), f"the studio console script is missing beside {sys.executable}"
    done = subprocess.run(
        [str(STUDIO), "demo"], cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    manifests = list((tmp_path / "studio-data").glob("*/manifest.json"))
    assert len(manifests) == 1, f"expected one campaign under ./studio-data, found {manifests}"
    folder = manifests[0].parent
    exports = sorted(p.name for p in (folder / "exports").glob("*.mp4"))
    assert exports, f"no exports in {folder / 'exports'}:\n{done.stdout[-2000:]}"
    assert (folder / "exports" / "timeline.otio").exists()
    timeline = json.loads((folder / "exports" / "timeline.otio").read_text())
    assert "file://" in json.dumps(timeline)
    assert folder.name in done.stdout, "the demo must say where the files are"
