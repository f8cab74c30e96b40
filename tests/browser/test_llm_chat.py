"""The chat with an LLM planner (a fake OpenAI-compatible server) in a real browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.chat import Chat
from tests.browser.conftest import StudioServer, new_page
from tests.fakeproviders import start
from tests.fakeproviders.common import FakeState
from tests.test_llm import brief_answer, concept_answer

TRAIL = "20 s teaser for our trail shoe on TikTok, energetic, budget $20"


def test_a_length_read_two_ways_is_asked_and_the_answer_starts_the_campaign(
    browser: Browser, tmp_path: Path, shots: Path
) -> None:
    with start("openai", FakeState()) as llm:
        llm.state.script += [
            {"status": 500},  # the intent parser's call for the brief: it falls back to the rules
            brief_answer(duration_s=30),  # the LLM reads 30 s where the rules read 20 s: ask
            brief_answer(duration_s=30),  # read again once the answer gives the length
            concept_answer("Trail Shoe: Up"),
        ]
        server = StudioServer(tmp_path / "studio", login=False)
        server.env |= {"STUDIO_LLM_BASE_URL": f"{llm.url}/v1", "STUDIO_LLM_MODEL": "fake-model"}
        server.start()
        try:
            page = new_page(browser)
            chat = Chat(page, server, shots)
            page.goto(server.url)
            chat.welcome()
            chat.send(TRAIL)
            expect(chat.message("20 s or 30 s")).to_be_visible()
            chat.shot("length-asked")
            chat.send("30 seconds")
            concept = chat.card("Concept ·")
            expect(concept).to_contain_text("Written by the LLM planner (fake-model), accepted")
            chat.shot("concept-after-the-answer", concept)
            campaign = next(server.home.glob("*/manifest.json")).parent
            assert '"duration_s": 30' in (campaign / "manifest.json").read_text()
        finally:
            server.stop()
        assert not llm.state.rejected
