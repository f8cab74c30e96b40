"""Benchmark: how fast the ``studio`` CLI starts for commands that need no heavy modules.

Run: ``uv run python bench/cli_startup.py``. Times ``studio --help`` and ``studio list`` (best and
median of N runs each, in fresh processes) against a bare ``python -c pass`` measured in the same
run, and prints each as seconds and as a ratio to the bare interpreter. Target: ≤ 1 s on a warm machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
TARGET_S = 1.0
STUDIO = Path(sys.executable).with_name("studio")


def timed(command: list[str], env: dict[str, str]) -> list[float]:
    """Wall times of ``RUNS`` fresh runs (after one warm-up run)."""
    subprocess.run(command, env=env, capture_output=True, check=True)
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    """Print the table."""
    with tempfile.TemporaryDirectory() as home:
        env = os.environ | {"STUDIO_HOME": home}
        rows = [
            ("python -c pass", timed([sys.executable, "-c", "pass"], env)),
            ("studio --help", timed([str(STUDIO), "--help"], env)),
            ("studio list", timed([str(STUDIO), "list"], env)),
        ]
    bare = min(rows[0][1])
    print(f"{'command':<16} {'best s':>8} {'median s':>9} {'× bare':>8}  target ≤ {TARGET_S:g} s")
    for name, times in rows:
        best, median = min(times), statistics.median(times)
        verdict = "" if name.startswith("python") else ("ok" if median <= TARGET_S else "SLOW")
        print(f"{name:<16} {best:8.3f} {median:9.3f} {best / bare:8.1f}  {verdict}")


if __name__ == "__main__":
    main()
