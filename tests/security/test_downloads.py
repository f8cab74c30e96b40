"""Issue #10 item 2: result downloads go to public https hosts only, are size-capped and type-checked.

BFL through a mock transport: its poll answers a ``result.sample`` URL chosen by each case, and a fake
resolver says where each test host points. A refused file is never requested at all.
"""

import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakeproviders.common import png
from tests.providers_support import mock_session, recipe
from tools.jobs.context import JobContext
from tools.jobs.store import Phase
from tools.providers.base import ProviderError
from tools.recipe import Capability

BASE = "https://api.bfl.ai"
DNS = {
    "cdn.example": "93.184.216.34",
    "intranet.example": "10.0.0.5",
    "home.example": "192.168.1.10",
    "loop.example": "127.0.0.1",
    "metadata.example": "169.254.169.254",
    "v6loop.example": "::1",
    "ula.example": "fd00::5",
    "linklocal6.example": "fe80::1",
    "shared.example": "100.64.0.1",
    "mapped.example": "::ffff:127.0.0.1",
}
PNG = png(64, 64)
Answer = Callable[[httpx.Request], httpx.Response]


JOB = JobContext(campaign_id="downloads", scene=1)


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in DNS:
            family = socket.AF_INET6 if ":" in DNS[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (DNS[host], port or 443))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


async def generate(tmp_path: Path, sample: str, files: Answer) -> tuple[Path | ProviderError, list[httpx.Request]]:
    """One BFL image whose result is at ``sample``; returns the file (or the refusal) and the file requests."""
    fetched: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.bfl.ai" and request.method == "POST":
            return httpx.Response(200, json={"id": "b1", "polling_url": f"{BASE}/v1/get_result?id=b1"})
        if request.url.host == "api.bfl.ai" and request.url.path == "/v1/get_result":
            return httpx.Response(200, json={"id": "b1", "status": "Ready", "result": {"sample": sample}})
        fetched.append(request)
        return files(request)

    async with mock_session("bfl", tmp_path, handler, BASE) as session:
        try:
            made = await session.backends.run(recipe("flux-2-pro", Capability.TEXT_TO_IMAGE), tmp_path / "k.png", JOB)
        except ProviderError as exc:
            [record] = session.store.campaign_jobs("downloads")
            assert record.state is Phase.FINISHED, "a refused result keeps the paid job's reference"
            return exc, fetched
    return made.path, fetched


def image(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})


async def test_a_public_https_result_is_fetched(tmp_path: Path) -> None:
    made, fetched = await generate(tmp_path, "https://cdn.example/s.png?sig=1", image)
    assert isinstance(made, Path) and made.read_bytes() == PNG
    assert [r.url.host for r in fetched] == ["cdn.example"]


@pytest.mark.parametrize(
    "sample",
    [
        "http://cdn.example/s.png",
        "https://169.254.169.254/latest/meta-data/iam/s.png",
        "https://[::1]/s.png",
        "https://metadata.example/s.png",
        "https://intranet.example/s.png",
        "https://home.example/s.png",
        "https://loop.example/s.png",
        "https://v6loop.example/s.png",
        "https://ula.example/s.png",
        "https://linklocal6.example/s.png",
        "https://shared.example/s.png",
        "https://mapped.example/s.png",
        "file:///etc/passwd",
        "https://user:pw@cdn.example/s.png",
    ],
)
async def test_private_loopback_link_local_and_plain_http_results_are_refused(tmp_path: Path, sample: str) -> None:
    made, fetched = await generate(tmp_path, sample, image)
    assert isinstance(made, ProviderError), f"{sample} must be refused"
    assert fetched == [], f"{sample} was never requested"


async def test_a_redirect_to_a_private_address_is_refused_before_it_is_followed(tmp_path: Path) -> None:
    def bounce(request: httpx.Request) -> httpx.Response:
        if request.url.host == "cdn.example":
            return httpx.Response(302, headers={"location": "https://metadata.example/latest/meta-data/"})
        return image(request)

    made, fetched = await generate(tmp_path, "https://cdn.example/s.png", bounce)
    assert isinstance(made, ProviderError)
    assert [r.url.host for r in fetched] == ["cdn.example"], "the metadata host is never contacted"


async def test_a_declared_size_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=PNG, headers={"content-type": "image/png", "content-length": str(3 * 1024**3)}
        )

    made, _ = await generate(tmp_path, "https://cdn.example/s.png", huge)
    assert isinstance(made, ProviderError) and "cap" in str(made)


async def test_a_stream_past_the_cap_stops_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.jobs import download

    monkeypatch.setitem(download.MAX_BYTES, "image/", 4096)

    async def chunks() -> AsyncIterator[bytes]:
        yield PNG[:64]
        for _ in range(16):
            yield b"\x00" * 1024

    def endless(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks(), headers={"content-type": "image/png"})

    made, _ = await generate(tmp_path, "https://cdn.example/s.png", endless)
    assert isinstance(made, ProviderError) and "cap" in str(made)
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"<html><body>Access denied</body></html>"),
        ("image/png", b'{"error": "expired"}'),
        ("application/octet-stream", b"<html>not an image</html>"),
        ("application/octet-stream", b"just some bytes that are no known media"),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
    ],
)
async def test_a_result_that_is_not_the_asked_for_media_is_refused(
    tmp_path: Path, content_type: str, body: bytes
) -> None:
    def wrong(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": content_type})

    made, _ = await generate(tmp_path, "https://cdn.example/s.png", wrong)
    assert isinstance(made, ProviderError), f"{content_type} {body[:16]!r} must be refused"


async def test_an_untyped_result_is_accepted_by_its_magic_bytes(tmp_path: Path) -> None:
    def untyped(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PNG, headers={"content-type": "application/octet-stream"})

    made, _ = await generate(tmp_path, "https://cdn.example/s", untyped)
    assert isinstance(made, Path) and made.suffix == ".png" and made.read_bytes() == PNG
