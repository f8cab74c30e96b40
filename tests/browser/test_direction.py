"""The chat follows a marketer's direction, in a real browser: picks kept across a reload, going back keeps a
model choice, a version request asks first, questions get figures, and post copy is written and downloadable."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.chat import Chat
from tests.browser.conftest import StudioServer, new_page
from tests.browser.test_workspace import BRIEF, campaign_in, manifest, pick_all

LATTE = "Cosy latte TikTok"
"""A starter on the welcome: an 8 s vertical TikTok."""


def decisions(server: StudioServer, campaign_id: str) -> list[str]:
    return [d["decision"]["kind"] for d in manifest(server, campaign_id)["decisions"]]


def draft(server: StudioServer, campaign_id: str) -> dict:
    return json.loads((server.home / campaign_id / "conversation.json").read_text())


def to_final(chat: Chat) -> str:
    """Start the latte starter and approve (v1 picks) up to the final files; returns the campaign id."""
    chat.click(LATTE)
    for heading in ("Concept ·", "Storyboard ·"):
        chat.card(heading)
        chat.click("Approve")
    chat.card("Keyframes")
    chat.click("Approve picks")
    chat.card("Takes")
    chat.click("Approve")
    chat.card("Final files")
    return campaign_in(chat)


def test_a_pick_is_kept_across_a_reload(browser: Browser, server: StudioServer, shots: Path) -> None:
    page = new_page(browser)
    chat = Chat(page, server, shots).login("alice")
    chat.click(LATTE)  # a starter brief from the welcome starts its campaign
    expect(chat.page.locator("[data-step-type='user_message']").filter(has_text="oat-milk latte")).to_be_visible()
    chat.card("Concept ·")
    campaign = campaign_in(chat)
    chat.click("Approve")
    chat.card("Storyboard ·")
    chat.click("Approve")
    chat.card("Keyframes")
    chat.click("Pick scene 1 · v2")
    scene_1 = chat.message("Scene 1 —")
    expect(scene_1.get_by_role("button", name="Picked scene 1 · v2")).to_be_visible()  # the selected state
    expect(scene_1.get_by_role("button", name="Pick scene 1 · v1")).to_be_visible()
    expect(scene_1).to_contain_text("picked v2")
    expect(scene_1.locator("img[alt='scene 1 · v2 · picked']")).to_have_count(1)  # outlined (studio.css)
    expect(scene_1).not_to_contain_text("kf-")  # no internal asset ids
    chat.shot("keyframes-picked", scene_1)
    assert draft(server, campaign)["picks"]["1"].startswith("kf-s1-v2"), "saved on click"

    page.reload()  # the thread reopens: the re-posted card shows the pick made before the reload
    expect(chat.message("Welcome back")).to_be_visible()
    reposted = chat.message("Scene 1 —")
    expect(reposted.get_by_role("button", name="Picked scene 1 · v2")).to_be_visible()
    expect(reposted.locator("img[alt='scene 1 · v2 · picked']")).to_have_count(1)
    chat.shot("keyframes-picked-after-reload", reposted)
    pick_all(chat, skip=(1,))
    chat.card("Takes")
    assert manifest(server, campaign)["picks"]["1"].startswith("kf-s1-v2")

    takes = chat.messages("with its voiceover")
    video = takes.first.locator("video")
    expect(video).to_have_count(1)
    video.scroll_into_view_if_needed()
    box = video.bounding_box()
    assert box is not None and box["height"] > 1.6 * box["width"], f"a vertical clip plays in a vertical player: {box}"
    assert box["height"] >= 600, box
    chat.shot("takes-vertical-player", takes.first)
    with sqlite3.connect(server.home / "studio.db") as db:
        stored = db.execute("""SELECT "playerConfig" FROM elements WHERE "type" = 'video'""").fetchall()
    assert stored and all("studio-vertical" in row[0] for row in stored), "the takes are kept in the chat history"
    assert "Error binding parameter" not in server.log.read_text()


def test_going_back_to_the_concept_keeps_a_model_override(browser: Browser, server: StudioServer, shots: Path) -> None:
    chat = Chat(new_page(browser), server, shots).login("alice")
    chat.send(BRIEF)
    chat.card("Concept ·")
    campaign = campaign_in(chat)
    chat.click("Approve")
    chat.card("Storyboard ·", count=1)

    chat.send("what will this cost?")
    cost = chat.message("estimated at")
    expect(cost).to_contain_text(re.compile(r"\$\d+\.\d\d"))
    chat.shot("cost-answer", cost)

    chat.send("use Veo for scene 2")
    expect(chat.message("Scene 2 now uses Veo")).to_be_visible()  # the change is acknowledged
    board = chat.card("Storyboard ·", count=2)
    row_2 = board.locator("tbody tr").nth(1)
    expect(row_2).to_contain_text("motion: Veo")  # and shown on the card
    chat.shot("storyboard-veo", board)

    chat.send("go back to the concept")
    expect(chat.message("Back at the concept")).to_contain_text("Kept: the storyboard")
    chat.card("Concept ·", count=2)
    state = manifest(server, campaign)
    assert "go back" not in json.dumps(state["decisions"]), "navigation is not feedback"
    chat.click("Approve")
    board = chat.card("Storyboard ·", count=3)
    expect(board.locator("tbody tr").nth(1)).to_contain_text("motion: Veo")
    chat.shot("storyboard-after-going-back", board)
    scene_2 = manifest(server, campaign)["storyboard"]["scenes"][1]
    motion = [m for m in scene_2["models"] if m["capability"] == "image_to_video"]
    assert motion and "veo" in (motion[0].get("preferred_model_id") or motion[0]["model_id"])


def test_a_version_request_at_the_final_asks_first_and_copy_is_downloadable(
    browser: Browser, server: StudioServer, shots: Path
) -> None:
    page = new_page(browser)
    chat = Chat(page, server, shots).login("alice")
    campaign = to_final(chat)
    final = chat.card("Final files")
    expect(final).to_contain_text("TikTok 9:16")
    chat.shot("final", final)
    before = decisions(server, campaign)

    chat.send("make a LinkedIn version")
    asked = chat.message("Approve these final files and make the LinkedIn 16:9 version?")
    expect(asked).to_be_visible()
    chat.shot("version-asks-first", asked)
    assert decisions(server, campaign) == before, "nothing approved by asking for a version"
    assert manifest(server, campaign)["status"] != "delivered"
    chat.send("no")
    expect(chat.message("nothing approved")).to_be_visible()
    assert decisions(server, campaign) == before

    chat.send("write 3 TikTok captions with hashtags")
    copy = chat.card("Post copy ·")
    expect(copy).to_contain_text("#")
    expect(copy).to_contain_text("Caption 3")
    link = copy.get_by_role("link", name=re.compile(r"\.md$"))
    expect(link).to_have_count(1)
    chat.shot("copy", copy)
    downloaded = page.request.get(str(link.get_attribute("href")))
    assert downloaded.ok and "#" in downloaded.text()
    assert decisions(server, campaign) == before, "copy changes nothing in the campaign"

    chat.click("Approve")
    done = chat.card("Delivered ·")
    expect(done.get_by_role("link", name="report.html")).to_have_count(1)
    expect(done.get_by_role("link", name=re.compile(r"\.md$"))).to_have_count(1)  # the copy, delivered too
    chat.shot("delivered", done)
