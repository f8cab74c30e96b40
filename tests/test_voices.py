"""Voice lists from each route's own source, reading a described voice, and ranking voices by it."""

import json
import re
from pathlib import Path

import httpx
import pytest

from agent.conversation.messages import VoiceCandidate, VoiceOffer
from agent.domain import Stage
from agent.intents.offline import parse_offline
from agent.intents.schema import Action, ChatContext, VoiceRequest
from agent.voices.ranking import rank
from tests.fakeproviders import elevenlabs_voices as fake
from tests.fakeproviders.common import FakeState
from tests.fakeproviders.spec import SPECS
from tests.providers_support import SECRET, fake_session
from tools.local.espeak import list_voices, synthesize
from tools.local.voices import EspeakVoices, espeak_voices
from tools.providers.base import AdapterConfig, ProviderError
from tools.providers.elevenlabs_voices import ElevenLabsVoices, parse_voices, voices_request
from tools.providers.openai_voices import VOICES as OPENAI_VOICES
from tools.providers.openai_voices import openai_voices
from tools.voices import Voice
from ui.web.cards import card

TAKES = ChatContext(stage=Stage.TAKES, scenes=3, variations=2)


def voice(id: str, **traits: object) -> Voice:
    return Voice.model_validate({"provider": "test", "id": id, "name": id.capitalize(), **traits})


# -- reading a described voice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("a warmer female voice", VoiceRequest(gender="female", tone=["warm"])),
        ("a British narrator", VoiceRequest(accent="british", tone=["narration"])),
        ("use a deeper male voice", VoiceRequest(gender="male", tone=["deep"])),
        ("try the voice Rachel", VoiceRequest(name="Rachel")),
        ("make the narrator sound older and calmer", VoiceRequest(age="old", tone=["calm", "narration"])),
        ("an energetic young Scottish woman for the voiceover", VoiceRequest(gender="female", accent="scottish",
                                                                            age="young", tone=["bright"])),
    ],
)  # fmt: skip
def test_a_described_voice_is_read_trait_by_trait(turn: str, expected: VoiceRequest) -> None:
    intent = parse_offline(turn, TAKES)
    assert intent.action is Action.VOICEOVER and intent.voice == expected


def test_a_complaint_about_the_delivery_is_not_a_new_voice() -> None:
    intent = parse_offline("slow down the voiceover in scene 3", TAKES)
    assert intent.action is Action.REDIRECT and intent.voice is None


def test_the_llm_tool_schema_carries_the_voice_request() -> None:
    from agent.intents.parser import intent_tool

    parameters = json.dumps(intent_tool(["local/speech"])["function"].get("parameters"))
    for field in ("gender", "accent", "tone", "name"):
        assert f'"{field}"' in parameters


# -- ranking, one trait at a time ----------------------------------------------------------------------

POOL = [
    voice("anna", gender="female", accent="american", tone=("bright",)),
    voice("bella", gender="female", accent="british", tone=("warm", "calm")),
    voice("carl", gender="male", accent="british", age="old", tone=("deep",)),
    voice("dan", gender="male", accent="american", age="young", tone=("light", "upbeat")),
    voice("eve", gender="neutral", accent="scottish", tone=("storytelling",)),
]


@pytest.mark.parametrize(
    ("request_", "best"),
    [
        (VoiceRequest(gender="male"), {"carl", "dan"}),
        (VoiceRequest(gender="female", tone=["warm"]), {"bella"}),
        (VoiceRequest(accent="british", gender="male"), {"carl"}),
        (VoiceRequest(accent="scottish"), {"eve"}),
        (VoiceRequest(age="young", gender="male"), {"dan"}),
        (VoiceRequest(age="old"), {"carl"}),
        (VoiceRequest(tone=["deep"]), {"carl"}),
        (VoiceRequest(tone=["bright"]), {"anna"}),
        (VoiceRequest(tone=["narration"]), {"eve"}),
        (VoiceRequest(name="Dan"), {"dan"}),
    ],
)
def test_each_trait_ranks_the_voice_that_has_it_first(request_: VoiceRequest, best: set[str]) -> None:
    ranked = rank(POOL, request_, top=len(POOL))
    top = max(m.score for m in ranked)
    assert {m.voice.id for m in ranked if m.score == top} == best
    if request_.name:
        assert [m.voice.id for m in ranked] == sorted(best), "a named voice is the only one offered"
    else:
        assert ranked[-1].score < top, "the voices without the trait rank lower"


def test_a_mismatch_scores_below_an_unknown_trait() -> None:
    unknown = voice("x")
    ranked = {m.voice.id: m.score for m in rank([*POOL, unknown], VoiceRequest(gender="female"), top=9)}
    assert ranked["bella"] > ranked["x"] > ranked["carl"]


def test_the_current_voice_is_left_out_and_its_accent_breaks_ties() -> None:
    pool = [voice("us1", gender="female", accent="american"), voice("gb1", gender="female", accent="british"),
            voice("gb0", gender="male", accent="british")]  # fmt: skip
    ranked = rank(pool, VoiceRequest(gender="female"), current="gb0")
    assert [m.voice.id for m in ranked] == ["gb1", "us1"]


# -- espeak-ng, listed from the installed library ------------------------------------------------------


def test_espeak_lists_its_voices_and_variants() -> None:
    bases, variants = list_voices(), list_voices(variants=True)
    assert len(bases) > 50 and any("en-us" in v.languages for v in bases)
    names = {v.identifier.rsplit("/", 1)[-1] for v in variants}
    assert {"f1", "f5", "m1", "m3"} <= names
    assert {v.gender for v in variants if v.identifier.endswith(("/f1", "/f3"))} == {2}


async def test_every_local_english_voice_speaks() -> None:
    listed = await EspeakVoices().voices("en")
    assert len(listed) > 30 and all(v.local and v.provider == "local" for v in listed)
    assert {"en", "en-us", "en+f3", "en-us+m1"} <= {v.id for v in listed}
    british = [v for v in listed if v.accent == "british" and v.gender == "female"]
    assert british and all("+f" in v.id for v in british)
    for v in listed[:: max(1, len(listed) // 12)]:
        samples, rate = synthesize("Hello there", voice=v.id)
        assert len(samples) > rate * 0.2, v.id


def test_variant_tones_follow_their_pitch() -> None:
    by_id = {v.id: v for v in espeak_voices("en")}
    assert "deep" in by_id["en-us+m1"].tone and "deep" not in by_id["en-us+m2"].tone
    assert "warm" in by_id["en-us+f4"].tone and "bright" in by_id["en-us+f5"].tone


def test_other_languages_list_their_own_voices() -> None:
    french = espeak_voices("fr")
    assert french and all(v.language == "fr" for v in french)


# -- OpenAI's documented list -------------------------------------------------------------------------


def test_openai_voices_are_the_speech_requests_documented_voices() -> None:
    spec = json.loads((SPECS / "openai-openapi.json").read_text())
    described = spec["components"]["schemas"]["CreateSpeechRequest"]["properties"]["voice"]["description"]
    documented = re.findall(r"`([a-z]+)`", described.split("Supported built-in voices are", 1)[1].split(".")[0])
    assert list(OPENAI_VOICES) == documented
    assert all(v.gender and v.tone and v.description for v in openai_voices())


# -- ElevenLabs GET /v2/voices --------------------------------------------------------------------------


def test_the_voices_request_is_built_from_the_spec() -> None:
    config = AdapterConfig(base_url="https://api.elevenlabs.io", api_key=SECRET)
    request = voices_request(config, search="british", next_page_token="3", page_size=500)
    assert request.method == "GET" and request.url.path == "/v2/voices"
    assert request.url.params["page_size"] == "100" and request.url.params["search"] == "british"
    assert request.url.params["next_page_token"] == "3" and request.headers["xi-api-key"] == SECRET


def test_a_voices_page_is_parsed_into_voices() -> None:
    body = {"voices": fake.VOICES[:2], "has_more": True, "total_count": 5, "next_page_token": "2"}
    assert not fake.response_problems(body)
    page = parse_voices(httpx.Response(200, json=body))
    assert page.has_more and page.next_page_token == "2"
    rachel, george = page.voices
    assert (rachel.id, rachel.name, rachel.gender, rachel.accent, rachel.age) == (
        "21m00Tcm4TlvDq8ikWAM", "Rachel", "female", "american", "young"
    )  # fmt: skip
    assert george.age == "middle-aged" and {"warm", "narrative story"} <= set(george.tone)
    assert george.preview_url and george.preview_url.startswith("https://")


async def test_elevenlabs_voices_come_from_the_fake_page_by_page_and_are_cached(tmp_path: Path) -> None:
    async with fake_session("elevenlabs", tmp_path, FakeState(latency_s=0.01)) as (session, server):
        lister = session.backends.voice_lister("elevenlabs")
        assert isinstance(lister, ElevenLabsVoices)
        lister.page_size = 2
        listed = await lister.voices()
        assert [v.name for v in listed] == [v["name"] for v in fake.VOICES], "every page, in order"
        assert await lister.voices() == listed
        gets = [r for r in server.state.requests if r["path"] == "/v2/voices"]
        assert len(gets) == 3, "three pages of two, listed once per session"
        assert not server.state.rejected, server.state.rejected
        found = await lister.search("british")
        assert {v.name for v in found} == {"George", "Alice"}
        best = rank(listed, VoiceRequest(accent="british", tone=["narration"]))
        assert best[0].voice.name == "George"


async def test_a_page_size_the_spec_forbids_is_refused_by_the_fake(tmp_path: Path) -> None:
    async with fake_session("elevenlabs", tmp_path, FakeState(latency_s=0.01)) as (session, server):
        lister = session.backends.voice_lister("elevenlabs")
        assert isinstance(lister, ElevenLabsVoices)
        request = httpx.Request("GET", lister.config.url("v2/voices"), params={"page_size": 500, "colour": "red"},
                                headers={"xi-api-key": SECRET})  # fmt: skip
        response = await lister.client.send(request)
        assert response.status_code == 400
        problems = server.state.rejected[-1]["problems"]
        assert any("colour" in p for p in problems) and any("page_size" in p for p in problems)


async def test_an_error_answer_is_a_provider_error_with_elevenlabs_words() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"detail": {"status": "invalid_api_key", "message": "Invalid API key"}})

    config = AdapterConfig(base_url="https://api.elevenlabs.io", api_key=SECRET)
    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(ProviderError, match="invalid_api_key"):
            await ElevenLabsVoices(client, config).voices()


# -- the chat card renders only the typed offer -------------------------------------------------------


def test_the_voice_offer_card_plays_the_preview(tmp_path: Path) -> None:
    preview = tmp_path / "p.wav"
    preview.write_bytes(b"RIFF")
    offer = VoiceOffer(
        campaign_id="c1",
        route="local",
        asked="a British narrator",
        candidates=[
            VoiceCandidate(number=1, voice_id="en", name="English (GB)", traits="male · british", matched=["british"],
                           local=True),
            VoiceCandidate(number=2, voice_id="en+f3", name="GB female3", traits="female · british", matched=[],
                           local=True),
        ],
        previewed=1,
        preview=preview,
        line="Go further.",
        cost_usd=0.0,
        question="Use English (GB) for the voiceovers? yes / no",
    )  # fmt: skip
    shown = card(offer)
    assert shown is not None and [m.kind for m in shown.media] == ["audio"] and shown.media[0].path == preview
    assert "English (GB)" in shown.text and "GB female3" in shown.text and offer.question in shown.text


# -- studio voices ------------------------------------------------------------------------------------


def test_studio_voices_lists_the_local_route_and_searches_by_whole_words() -> None:
    from typer.testing import CliRunner

    from ui.cli.main import app

    runner = CliRunner(env={"COLUMNS": "250"})
    listed = runner.invoke(app, ["voices", "--search", "british male deep"])
    assert listed.exit_code == 0, listed.output
    assert "local route" in listed.output and "en+m1" in listed.output
    assert "+f" not in listed.output, "'male' does not match 'female'"
    unknown = runner.invoke(app, ["voices", "--provider", "elevenlabs"])
    assert unknown.exit_code == 2 and "no voice list for 'elevenlabs'" in unknown.output
