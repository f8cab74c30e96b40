"""A small driver for the chat page: sign in, send, click, wait for a card, screenshot it."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PASSWORDS, StudioServer

ASSISTANT = "[data-step-type='assistant_message']"


class Chat:
    """One user's browser tab on the studio."""

    def __init__(self, page: Page, server: StudioServer, shots: Path) -> None:
        self.page = page
        self.server = server
        self.shots = shots
        self._n = 0

    def login(self, user: str) -> Chat:
        """Sign in and wait for the welcome message."""
        self.page.goto(self.server.url)
        self.page.locator("input").first.fill(user)
        self.page.locator("input[type=password]").fill(PASSWORDS[user])
        self.page.get_by_role("button", name="Sign In").click()
        self.welcome()
        return self

    def welcome(self) -> None:
        """Wait for the start-of-chat message."""
        expect(self.message("Describe your campaign")).to_be_visible()

    def send(self, text: str) -> float:
        """Type a message and send it; returns when it was sent (monotonic seconds)."""
        box = self.page.locator("textarea")
        box.fill(text)
        box.press("Enter")
        return time.monotonic()

    def click(self, label: str) -> None:
        """Click the newest button with this label."""
        self.page.get_by_role("button", name=label, exact=True).last.click()

    def message(self, text: str) -> Locator:
        """The newest assistant message containing ``text``."""
        return self.page.locator(ASSISTANT).filter(has_text=text).last

    def messages(self, text: str) -> Locator:
        """Every assistant message containing ``text``."""
        return self.page.locator(ASSISTANT).filter(has_text=text)

    def headed(self, heading: str) -> Locator:
        """Every assistant message whose heading contains ``heading`` (case-sensitive, headings only)."""
        title = self.page.locator("h1, h2, h3, h4", has_text=re.compile(re.escape(heading)))
        return self.page.locator(ASSISTANT).filter(has=title)

    def card(
        self, heading: str, *, count: int | None = None, timeout_s: float = 120, anywhere: bool = False
    ) -> Locator:
        """Wait for a card with this heading (the ``count``-th one, when given); ``anywhere``: text, not heading."""
        found = self.messages(heading) if anywhere else self.headed(heading)
        if count is not None:
            expect(found).to_have_count(count, timeout=timeout_s * 1000)
        card = found.last
        expect(card).to_be_visible(timeout=timeout_s * 1000)
        return card

    def pick_buttons(self) -> list[str]:
        """Labels of the newest keyframes card's Pick buttons."""
        buttons = self.page.get_by_role("button", name=re.compile(r"^Pick scene"))
        expect(buttons.first).to_be_visible()
        labels = buttons.all_inner_texts()
        return list(dict.fromkeys(label.strip() for label in labels))

    @staticmethod
    def images(card: Locator) -> Locator:
        """Media images in a card (not the avatar)."""
        return card.locator(".message-content img")

    def shot(self, name: str, target: Locator | None = None) -> Path:
        """Screenshot a card (or the page) as ``NN-name.png`` in this test's artifacts folder."""
        self._n += 1
        path = self.shots / f"{self._n:02d}-{name}.png"
        if target is None:  # the page, scrolled to the newest message if there is one
            newest = self.page.locator(ASSISTANT)
            if newest.count():
                newest.last.scroll_into_view_if_needed()
            self.page.screenshot(path=path)
        else:
            target.scroll_into_view_if_needed()
            target.screenshot(path=path)
        return path

    @property
    def thread_id(self) -> str:
        """The chat thread in the address bar (/thread/<id>)."""
        self.page.wait_for_url(re.compile(r"/thread/"))
        return self.page.url.rstrip("/").rsplit("/", 1)[-1]
