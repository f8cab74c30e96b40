"""Shared parts of the fake providers: timing, fault injection, request log, media files, serving."""

from __future__ import annotations

import asyncio
import io
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import uvicorn
from PIL import Image, ImageDraw
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tools.ffmpeg import ffmpeg_exe

FORBIDDEN = "FORBIDDEN"  # a prompt containing this is rejected by the fake's "safety system"


@dataclass
class FakeJob:
    """One accepted job."""

    id: str
    path: str
    kind: str
    params: dict[str, Any]
    start: float
    end: float
    moderated: bool = False
    cancelled: bool = False

    def phase(self, now: float) -> str:
        """queued, running or done."""
        if now < self.start:
            return "queued"
        return "running" if now < self.end else "done"


@dataclass
class FakeState:
    """Behaviour knobs and what the fake saw."""

    latency_s: float = 0.2
    concurrency: int = 4
    faults: list[str] = field(default_factory=list)
    """Consumed one per submit: ``"429"``, ``"500"``, ``"drop"`` (accept, then never answer), ``"accept-500"``
    (create the job, then answer 500), ``"ingress-502"`` (nginx's page, no request id), ``"app-502"`` (the
    app's 502 with a request id), ``"retryable-500"`` (``X-Fal-Retryable: true``), ``"user-504"``."""
    status_faults: list[str] = field(default_factory=list)
    """Consumed one per status GET: ``"503"`` (the status service is briefly down; the job runs on)."""
    file_faults: list[str] = field(default_factory=list)
    """Consumed one per result-file GET: ``"404"``, ``"html"`` (an error page served as the file), ``"hang"``."""
    foreign_url: str = ""
    """When set, follow-up URLs in answers (status, result, cancel, polling) name this host instead."""
    redirect_files_to: str = ""
    """When set, result-file GETs answer 302 to the same path on this host."""
    redirect_status_to: str = ""
    """When set, status GETs answer 307 to the same path on this host."""
    retry_after_s: str = "1"
    prices: dict[str, tuple[float, str]] = field(default_factory=dict)
    """fal Platform API prices by endpoint id: ``(unit_price, unit)``."""
    moderate_at: str = "submit"
    """Where a flagged prompt is refused (fal): ``"submit"`` (422), ``"status"`` (COMPLETED with a
    content-policy error) or ``"result"`` (422 on the result GET, where fal usually reports it)."""
    script: list[dict[str, Any]] = field(default_factory=list)
    """Scripted chat-completion answers, consumed in order: ``{"content": …}``, ``{"tool": name,
    "arguments": …}``, ``{"finish": "length", "content": …}`` or ``{"status": 500}``."""
    requests: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    """Requests the provider's own spec (or SDK request types) rejects: path and every problem, answered
    with the provider's own validation error."""
    checked: list[str] = field(default_factory=list)
    """The route of every request that was checked against the spec, accepted or not."""
    jobs: dict[str, FakeJob] = field(default_factory=dict)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    base_url: str = ""
    _slots: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def schedule(self, path: str, kind: str, params: dict[str, Any], *, moderated: bool = False) -> FakeJob:
        """Queue a job: it starts when one of ``concurrency`` slots frees up and runs ``latency_s``."""
        with self._lock:
            now = time.monotonic()
            if len(self._slots) < self.concurrency:
                self._slots.append(now)
            slot = min(range(len(self._slots)), key=lambda i: self._slots[i])
            start = max(now, self._slots[slot])
            self._slots[slot] = start + self.latency_s
            job = FakeJob(
                id=uuid.uuid4().hex,
                path=path,
                kind=kind,
                params=params,
                start=start,
                end=start + self.latency_s,
                moderated=moderated,
            )
            self.jobs[job.id] = job
            return job

    def next_fault(self) -> str | None:
        """The next scripted fault, if any."""
        with self._lock:
            return self.faults.pop(0) if self.faults else None

    def follow_up(self, url: str) -> str:
        """``url`` on :attr:`foreign_url`'s host when one is set (a hostile or confused answer)."""
        return url.replace(self.base_url, self.foreign_url, 1) if self.foreign_url else url

    def billed(self) -> list[FakeJob]:
        """Jobs the provider would charge for: finished, not cancelled, not moderated."""
        now = time.monotonic()
        return [j for j in self.jobs.values() if j.phase(now) == "done" and not j.cancelled and not j.moderated]

    def submits(self, path_part: str = "") -> list[dict[str, Any]]:
        """Logged submit requests (POSTs) whose path contains ``path_part``."""
        return [r for r in self.requests if r["method"] == "POST" and path_part in r["path"]]

    def add_file(self, data: bytes, content_type: str, suffix: str) -> str:
        """Serve ``data`` at ``/files/<name>`` and return its URL."""
        name = f"{uuid.uuid4().hex}{suffix}"
        self.files[name] = (data, content_type)
        return f"{self.base_url}/files/{name}"


async def log_request(state: FakeState, request: Request) -> dict[str, Any]:
    """Record method, path, headers and body (JSON or form) for contract assertions."""
    body: Any = None
    content_type = request.headers.get("content-type", "")
    if "application/json" in content_type:
        body = await request.json()
    elif "multipart/form-data" in content_type:
        form = await request.form()
        body = {k: (v if isinstance(v, str) else f"<file {v.filename}>") for k, v in form.multi_items()}
        await form.close()
    entry = {
        "method": request.method,
        "path": request.url.path,
        "query": dict(request.query_params),
        "headers": dict(request.headers),
        "body": body,
    }
    state.requests.append(entry)
    return entry


NGINX_502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
NGINX_502 += "<hr><center>nginx</center></body></html>"


def fault_response(state: FakeState, fault: str | None, *, body: dict[str, Any]) -> Response | None:
    """A scripted error answer for a submit (see :attr:`FakeState.faults`), or None."""
    if fault == "429":
        return JSONResponse(body, status_code=429, headers={"Retry-After": state.retry_after_s})
    if fault in ("500", "accept-500"):
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
    if fault == "ingress-502":
        return Response(NGINX_502, status_code=502, media_type="text/html")
    if fault == "app-502":
        headers = {"x-fal-request-id": uuid.uuid4().hex, "X-Fal-Error-Type": "runner_incomplete_response"}
        return JSONResponse({"detail": "Bad Gateway"}, status_code=502, headers=headers)
    if fault == "retryable-500":
        return JSONResponse({"detail": "try again"}, status_code=500, headers={"X-Fal-Retryable": "true"})
    if fault == "user-504":
        headers = {"X-Fal-Request-Timeout-Type": "user", "X-Fal-Retryable": "true"}
        return JSONResponse({"detail": "Request timed out"}, status_code=504, headers=headers)
    return None


def redirect(request: Request, to: str, status: int = 307) -> Response:
    """A redirect to the same path and query on another host."""
    query = f"?{request.url.query}" if request.url.query else ""
    return Response(status_code=status, headers={"location": f"{to}{request.url.path}{query}"})


def file_route(state: FakeState) -> Route:
    """``GET /files/{name}``: the media the fake 'generated'."""

    async def serve(request: Request) -> Response:
        await log_request(state, request)
        if state.redirect_files_to:
            return redirect(request, state.redirect_files_to, 302)
        fault = state.file_faults.pop(0) if state.file_faults else None
        if fault == "404":
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        if fault == "html":
            return Response("<html><body>Access denied</body></html>", media_type="text/html")
        if fault == "hang":
            await asyncio.sleep(3600)
        data, content_type = state.files[request.path_params["name"]]
        return Response(data, media_type=content_type)

    return Route("/files/{name}", serve)


@lru_cache(maxsize=32)
def png(width: int, height: int, label: str = "FAKE") -> bytes:
    """A small-palette PNG of the requested size."""
    image = Image.new("RGB", (width, height), (40, 90, 140))
    ImageDraw.Draw(image).text((10, 10), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@lru_cache(maxsize=32)
def mp4(seconds: float, width: int = 180, height: int = 320) -> bytes:
    """A tiny H.264 clip of the requested length."""
    return _ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"color=c=0x2266aa:s={width}x{height}:r=24:d={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ]
    )


@lru_cache(maxsize=8)
def mp3(seconds: float = 1.5) -> bytes:
    """An audible tone as MP3."""
    return _ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "64k",
            "-f",
            "mp3",
        ]
    )


@lru_cache(maxsize=8)
def wav(seconds: float = 1.5) -> bytes:
    """An audible tone as WAV."""
    return _ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-f", "wav"])


def _ffmpeg(args: list[str]) -> bytes:
    """Run ffmpeg into a temporary file (the MP4 muxer cannot fast-start into a pipe)."""
    fmt = args[args.index("-f", 2) + 1] if args.count("-f") > 1 else "mp4"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"media.{fmt}"
        cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", *args[:-2], str(out)]
        subprocess.run(cmd, capture_output=True, check=True)
        return out.read_bytes()


class FakeServer:
    """Runs a Starlette app with uvicorn on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, app: Starlette, state: FakeState) -> None:
        self.state = state
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        state.base_url = self.url
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._sock.close()
