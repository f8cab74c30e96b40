"""Issue #10 item 7: a submit is resent only where the provider's own client resends it.

Every other error after the submit left is "outcome unknown": the job may exist and bill, so the runner
never submits again without ``--resubmit-unknown``.
"""

from pathlib import Path

import httpx
import pytest

from tests.fakeproviders.common import NGINX_502, FakeState, png
from tests.providers_support import fake_session, mock_session, recipe
from tools.jobs.context import JobContext
from tools.jobs.runner import SubmitOutcomeUnknown
from tools.jobs.store import Phase
from tools.providers import http as provider_http
from tools.providers.base import ProviderError
from tools.providers.http import OutcomeUnknown, RetryPolicy
from tools.recipe import Capability

ATTEMPTS = RetryPolicy().attempts
MODELS = {
    "fal": ("flux-schnell", Capability.TEXT_TO_IMAGE),
    "replicate": ("flux-schnell", Capability.TEXT_TO_IMAGE),
    "openai": ("gpt-image-1", Capability.TEXT_TO_IMAGE),
    "elevenlabs": ("elevenlabs-multilingual-v2", Capability.TEXT_TO_SPEECH),
    "gemini": ("veo-3.1-lite", Capability.IMAGE_TO_VIDEO),
    "runway": ("runway-gen4-turbo", Capability.IMAGE_TO_VIDEO),
    "bfl": ("flux-2-pro", Capability.TEXT_TO_IMAGE),
}
JSON_500 = (500, {}, '{"detail": "Internal Server Error"}')
NGINX = {"content-type": "text/html"}
# provider, (status, headers, body), sent again?  (what the provider's own client does, conservatively)
CASES = [
    ("fal", JSON_500, False),
    ("fal", (502, {"x-fal-request-id": "r1"}, '{"detail": "Bad Gateway"}'), False),
    ("fal", (502, NGINX, NGINX_502), True),
    ("fal", (503, NGINX, NGINX_502.replace("502 Bad Gateway", "503 Service Unavailable")), True),
    ("fal", (504, NGINX, NGINX_502.replace("502 Bad Gateway", "504 Gateway Time-out")), True),
    ("fal", (504, {"x-fal-request-timeout-type": "user"}, NGINX_502), False),
    ("fal", (500, {"x-fal-retryable": "true"}, '{"detail": "transient"}'), True),
    ("fal", (429, {}, '{"detail": "Too many requests"}'), True),
    ("fal", (408, {}, '{"detail": "timeout"}'), True),
    ("fal", (429, {"x-fal-retryable": "false"}, '{"detail": "no"}'), False),
    ("replicate", JSON_500, False),
    ("replicate", (502, NGINX, NGINX_502), False),
    ("replicate", (503, {}, '{"detail": "unavailable"}'), False),
    ("replicate", (429, {}, '{"detail": "Request was throttled."}'), False),
    ("openai", JSON_500, False),
    ("openai", (503, {}, '{"error": {"message": "overloaded"}}'), False),
    ("openai", (429, {}, '{"error": {"message": "Rate limit"}}'), True),
    ("openai", (500, {"x-should-retry": "true"}, '{"error": {"message": "retry me"}}'), True),
    ("openai", (429, {"x-should-retry": "false"}, '{"error": {"message": "quota"}}'), False),
    ("runway", JSON_500, False),
    ("runway", (429, {}, '{"error": "daily limit"}'), True),
    ("gemini", JSON_500, False),
    ("gemini", (429, {}, '{"error": {"status": "RESOURCE_EXHAUSTED", "message": "quota"}}'), False),
    ("elevenlabs", JSON_500, False),
    ("elevenlabs", (429, {}, '{"detail": {"status": "too_many_concurrent_requests", "message": "busy"}}'), True),
    ("bfl", JSON_500, False),
    ("bfl", (429, {}, '{"detail": "too many active tasks"}'), True),
]


@pytest.fixture(autouse=True)
def instant_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_wait(_: float) -> None:
        return None

    monkeypatch.setattr(provider_http, "_sleep", no_wait)


JOB = JobContext(campaign_id="resend", scene=1)


def _inputs(tmp_path: Path, capability: Capability) -> list[Path]:
    if capability is not Capability.IMAGE_TO_VIDEO:
        return []
    frame = tmp_path / "keyframe.png"
    frame.write_bytes(png(90, 160))
    return [frame]


@pytest.mark.parametrize(
    ("provider", "answer", "resent"), CASES, ids=[f"{c[0]}-{c[1][0]}-{i}" for i, c in enumerate(CASES)]
)
async def test_a_submit_is_resent_only_where_the_providers_client_would(
    tmp_path: Path, provider: str, answer: tuple[int, dict[str, str], str], resent: bool
) -> None:
    status, headers, body = answer
    posts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(request)
        return httpx.Response(status, headers={"content-type": "application/json", **headers}, text=body)

    model, capability = MODELS[provider]
    async with mock_session(provider, tmp_path, handler, f"https://{provider}.api.test") as session:
        with pytest.raises((ProviderError, OutcomeUnknown)) as raised:
            await session.backends.run(
                recipe(model, capability), tmp_path / "out.png", JOB, _inputs(tmp_path, capability)
            )
        [record] = session.store.campaign_jobs("resend")
        if resent:
            assert len(posts) == ATTEMPTS, f"{provider}'s client resends a submit answered {status}"
            assert isinstance(raised.value, ProviderError), "a refusal that was resent is a definite answer"
            assert record.state is Phase.FAILED and session.ledger.committed("resend") == 0
        else:
            assert len(posts) == 1, f"{provider}'s client does not resend a submit answered {status}"
            if status >= 500:
                assert isinstance(raised.value, SubmitOutcomeUnknown), "a server error after sending: outcome unknown"
                assert "--resubmit-unknown" in str(raised.value)
                assert record.state is Phase.SUBMITTING, "kept as 'may exist', so a resume does not submit blindly"
                assert session.ledger.committed("resend") > 0, "the money stays held while the job may exist"
            else:
                assert isinstance(raised.value, ProviderError) and not isinstance(raised.value, OutcomeUnknown)


async def test_a_5xx_after_the_job_was_created_is_not_paid_twice(tmp_path: Path) -> None:
    state = FakeState(latency_s=0.05, faults=["accept-500"])
    async with fake_session("fal", tmp_path, state) as (session, server):
        session.ledger.set_budget("resend", 10.0)
        shot = recipe("flux-schnell", Capability.TEXT_TO_IMAGE)
        with pytest.raises(SubmitOutcomeUnknown):
            await session.backends.run(shot, tmp_path / "a.png", JOB)
        with pytest.raises(SubmitOutcomeUnknown, match="--resubmit-unknown"):
            await session.backends.run(shot, tmp_path / "a.png", JOB)
        assert len(server.state.submits()) == 1, "the job fal created before its 500 is billed once, not twice"
        assert len(server.state.jobs) == 1
        assert session.ledger.committed("resend") > 0, "its cost stays held: it may well have been billed"
