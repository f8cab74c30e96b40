"""The chat workspace in a real browser: campaigns, redirects, versions, restarts and accounts."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, expect

from tests.browser.chat import ASSISTANT, Chat
from tests.browser.conftest import ARTIFACTS, StudioServer, new_page

BRIEF = "6 s square feed teaser for our trail shoe, energetic, for hikers, budget $20"


def manifest(server: StudioServer, campaign_id: str) -> dict:
    return json.loads((server.home / campaign_id / "manifest.json").read_text())


def campaign_in(chat: Chat) -> str:
    started = chat.message("started").inner_text()
    found = re.search(r"Campaign (\S+) started", started)
    assert found, started
    return found.group(1)


def to_keyframes(chat: Chat) -> tuple[str, float]:
    """Brief → approve concept → approve storyboard → keyframes; returns the campaign and the seconds it took."""
    sent = chat.send(BRIEF)
    chat.card("Concept ·")
    chat.click("Approve")
    chat.card("Storyboard ·")
    chat.click("Approve")
    chat.card("Keyframes")
    expect(chat.images(chat.message("Variations v1")).first).to_be_visible()
    return campaign_in(chat), time.monotonic() - sent


def pick_all(chat: Chat, first: str | None = None, skip: tuple[int, ...] = ()) -> list[str]:
    """Pick ``first`` (if given), then variation 1 for every other scene not in ``skip``."""
    labels = chat.pick_buttons()
    scenes = sorted({label.split(" · ")[0] for label in labels})
    scenes = [s for s in scenes if int(s.rsplit(" ", 1)[1]) not in skip]
    chosen = [first] if first else []
    chosen += [f"{scene} · v1" for scene in scenes if not (first and first.startswith(scene + " "))]
    for label in chosen:
        chat.click(label)
    return chosen


def test_whole_campaign_with_approvals_and_a_pick(browser: Browser, server: StudioServer, shots: Path) -> None:
    chat = Chat(new_page(browser), server, shots).login("alice")
    expect(chat.page.get_by_text("Planned by the offline planner")).to_be_visible()  # the footer tells the truth
    expect(chat.page.get_by_text("LLMs can make mistakes")).to_have_count(0)
    sent = chat.send(BRIEF)
    concept = chat.card("Concept ·")
    expect(concept).to_contain_text("Key message")
    expect(concept.get_by_role("button", name="Approve")).to_be_visible()
    chat.shot("concept", concept)
    step = chat.page.get_by_text("Reading the brief and planning the concept", exact=True)
    expect(step).to_be_visible()  # the step, in words
    expect(chat.page.get_by_text(re.compile(r"^Used |Raw code|done in 0\.0 s"))).to_have_count(0)
    chat.click("Approve")

    board = chat.card("Storyboard ·")
    expect(board).to_contain_text("voiceover")
    expect(board).to_contain_text("Estimated cost")
    expect(board).to_contain_text("budget left $20.00 of $20")
    expect(board.locator("table")).to_be_visible()
    expect(board.locator("tbody tr")).to_have_count(3)
    expect(board).to_contain_text("FLUX.1 [schnell]")  # models by their names, not catalog ids
    expect(board).not_to_contain_text("local/")
    chat.shot("storyboard", board)
    chat.click("Approve")

    chat.card("Keyframes")
    labels = chat.pick_buttons()
    scenes = len({label.split(" · ")[0] for label in labels})
    expect(chat.messages("Variations v1")).to_have_count(scenes)
    images = chat.images(chat.page.locator(ASSISTANT).filter(has_text="Variations v1"))
    expect(images).to_have_count(len(labels))
    for image in images.all():  # lazy-loaded: bring each into view, then it must decode
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    first_keyframes_s = time.monotonic() - sent
    chat.shot("keyframes")
    (ARTIFACTS / "timings.json").write_text(json.dumps({"brief_to_first_keyframes_s": round(first_keyframes_s, 2)}))

    chosen = pick_all(chat, first="Pick scene 1 · v2")
    expect(chat.message("Still to pick")).to_be_visible()
    chat.card("Takes")
    assert len(chosen) == scenes
    takes = chat.messages("with its voiceover")
    expect(takes).to_have_count(scenes)
    expect(takes.locator("video")).to_have_count(scenes)  # the voice is muxed into each take's clip
    expect(takes.locator("audio")).to_have_count(0)
    chat.shot("takes")
    chat.click("Approve")

    final = chat.card("Final files")
    expect(final).to_contain_text("Instagram feed 1:1")
    expect(final.locator("video")).to_have_count(1)
    expect(final.get_by_role("link", name=re.compile(r"Instagram feed 1:1\.mp4"))).to_have_count(1)
    chat.shot("final", final)
    chat.click("Approve")

    done = chat.card("Delivered ·")
    expect(done).to_contain_text("passed")
    expect(done.get_by_role("link", name=re.compile(r"\.zip"))).to_have_count(1)
    expect(done.get_by_role("link", name="report.html")).to_have_count(1)
    chat.shot("delivered", done)

    # The memory learned the approved recipes; asking it in words lists them with thumbnails.
    chat.send("what worked last time for trail shoe shots?")
    recalled = chat.card("What worked before")
    expect(recalled).to_contain_text("local/keyframe")
    expect(chat.images(recalled).first).to_be_visible()
    chat.shot("memory-answer", recalled)

    campaign = campaign_in(chat)
    record = manifest(server, campaign)
    assert record["status"] == "delivered"
    assert record["picks"]["1"].startswith("kf-s1-v2")
    assert [d["decision"]["kind"] for d in record["decisions"]] == ["approve", "approve", "pick", "approve", "approve"]
    assert (server.home / campaign / record["exports"]["feed_square"]).is_file()


def test_redirects_by_button_and_in_words(browser: Browser, server: StudioServer, shots: Path) -> None:
    chat = Chat(new_page(browser), server, shots).login("alice")
    chat.send(BRIEF)
    chat.card("Concept ·")
    chat.click("Redirect…")
    expect(chat.message("What should change?")).to_be_visible()
    chat.send("more playful and sunny")
    revised = chat.card("(revision 1)")
    chat.shot("concept-redirected", revised)
    chat.click("Approve")

    chat.card("Storyboard ·", count=1)
    chat.send("make scene 2 darker, at night")
    board = chat.card("Storyboard ·", count=2)
    chat.shot("storyboard-redirected", board)

    record = manifest(server, campaign_in(chat))
    kinds = [
        (d["decision"]["kind"], d["decision"].get("scene"), d["decision"].get("target")) for d in record["decisions"]
    ]
    assert kinds == [("redirect", None, "concept"), ("approve", None, None), ("redirect", 2, None)]
    assert record["decisions"][0]["decision"]["feedback"] == "more playful and sunny"


def test_linkedin_version_from_chat(browser: Browser, server: StudioServer, shots: Path) -> None:
    page = new_page(browser)
    chat = Chat(page, server, shots).login("alice")
    # Settings panel: turn on auto-approve for cheap stages (everything is $0 on local backends).
    page.locator("#chat-settings-open-modal").click()
    page.get_by_role("switch").first.click()
    chat.shot("settings")
    page.get_by_role("button", name="Confirm").click()

    # A reference image dropped into the brief message is checked, kept and cited in the plan.
    reference = shots / "brand.png"
    Image.new("RGB", (512, 512), (230, 90, 20)).save(reference)
    with page.expect_response(lambda r: "/project/file" in r.url and r.request.method == "POST") as uploaded:
        page.locator("#upload-button-input").set_input_files(reference)
    assert uploaded.value.ok
    chat.send(BRIEF)
    expect(chat.message("Kept brand.png as a reference")).to_be_visible()
    chat.card("Keyframes")
    expect(chat.message("Auto-approved the storyboard")).to_be_visible()
    expect(chat.message("Storyboard ·")).to_contain_text("Reference images (brand.png)")
    pick_all(chat)
    chat.card("Delivered ·")
    chat.send("make a LinkedIn version")
    offer = chat.card("Another version · LinkedIn 16:9")
    expect(offer).to_contain_text("keeps 56% of the frame")
    expect(offer.get_by_role("button", name="Blurred fill ($0.00)")).to_be_visible()
    expect(offer.get_by_role("button", name="Regenerate ($0.00)")).to_be_visible()
    chat.shot("derivative-offer", offer)
    chat.click("Crop to the subject ($0.00)")
    done = chat.card("LinkedIn 16:9 (reframe · crop)", anywhere=True)
    expect(done).to_contain_text("passed")
    chat.shot("derivative-delivered", done)

    record = manifest(server, campaign_in(chat))
    derivative = record["derivatives"][-1]
    assert derivative["platform"] == "linkedin" and derivative["strategy"] == "reframe" and derivative["qa_passed"]
    assert derivative["framing"] == "crop"


def test_server_restart_then_resume_from_the_sidebar(browser: Browser, tmp_path: Path, shots: Path) -> None:
    server = StudioServer(tmp_path / "studio", login=True)
    server.start()
    try:
        page = new_page(browser)
        chat = Chat(page, server, shots).login("alice")
        campaign, _ = to_keyframes(chat)
        chat.shot("before-restart")

        server.stop()
        server.start()
        page.goto(server.url)  # same browser: the session cookie survives the restart
        chat.welcome()
        page.get_by_text(BRIEF[:30]).first.click()  # the thread in the history sidebar
        expect(chat.message("Welcome back")).to_be_visible()
        chat.card(
            "Pick one variation per scene", count=2, anywhere=True
        )  # the stored one, and the live one with buttons
        chat.shot("resumed-from-sidebar")
        page.reload()  # reopening again replaces the earlier re-post instead of stacking another copy
        expect(chat.message("Welcome back")).to_be_visible()
        expect(chat.messages("Welcome back")).to_have_count(1)
        chat.card("Pick one variation per scene", count=2, anywhere=True)
        chat.send("the second one for scene 1")  # a pick in words joins the button picks
        expect(chat.message("Saved. Still to pick")).to_be_visible()
        pick_all(chat, skip=(1,))
        chat.card("Takes")
        chat.shot("after-restart-takes")
        assert manifest(server, campaign)["picks"]["1"].startswith("kf-s1-v2")
    finally:
        server.stop()


def test_without_accounts_unfinished_campaigns_can_be_continued(browser: Browser, tmp_path: Path, shots: Path) -> None:
    server = StudioServer(tmp_path / "studio", login=False)
    server.start()
    try:
        page = new_page(browser)
        chat = Chat(page, server, shots)
        page.goto(server.url)
        chat.welcome()
        chat.send(BRIEF)
        chat.card("Concept ·")
        campaign = campaign_in(chat)
        page.reload()  # a new chat: no history sidebar without accounts, but a Continue button
        chat.welcome()
        title = manifest(server, campaign)["concept"]["title"]
        chat.click(f"Continue “{title}” · at the concept")  # the button names the campaign and its stage
        expect(chat.message(f"Continuing {title}")).to_be_visible()
        chat.card("Concept ·")
        chat.shot("continued-without-login")
        chat.click("Approve")
        chat.card("Storyboard ·")
        page.reload()  # again: now the approved concept is part of the history shown
        chat.welcome()
        chat.click(f"Continue “{title}” · at the storyboard")
        expect(chat.message("Approved concept:")).to_contain_text(title)
        chat.card("Storyboard ·")
        chat.shot("history-without-login")
    finally:
        server.stop()


def test_two_users_cannot_see_each_other(browser: Browser, server: StudioServer, shots: Path) -> None:
    alice = Chat(new_page(browser), server, shots).login("alice")
    to_keyframes(alice)
    thread = alice.thread_id

    bob_page = new_page(browser)
    bob = Chat(bob_page, server, shots).login("bob")
    expect(bob_page.get_by_text(BRIEF[:30])).to_have_count(0)
    bob.shot("bob-sidebar")

    # A guessed thread id: the API refuses it, and the page shows none of alice's messages.
    assert bob_page.request.get(f"{server.url}/project/thread/{thread}").status in (401, 403, 404)
    bob_page.goto(f"{server.url}/thread/{thread}")
    bob_page.wait_for_timeout(1500)
    expect(bob_page.get_by_text("Keyframes")).to_have_count(0)
    bob.shot("bob-guessed-thread")

    # A guessed file: alice's persisted keyframe images are served to her only.
    with sqlite3.connect(server.home / "studio.db") as db:
        keys = [r[0] for r in db.execute('SELECT "objectKey" FROM elements WHERE "threadId" = ?', (thread,))]
    assert keys, "alice's keyframes should be persisted with her thread"
    assert bob_page.request.get(f"{server.url}/studio/files/{keys[0]}").status == 404
    assert alice.page.request.get(f"{server.url}/studio/files/{keys[0]}").status == 200
