"""The chat workspace's pieces without a browser: accounts, uploads, ownership, files, references, and how the
conversation core's messages are laid out (cards, players, picks, progress, footer, welcome)."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

import pytest
from PIL import Image

from agent.checkpoints import Checkpoint
from agent.conversation.messages import CopyWritten, Delivered, PickSaved, Recalled, Said, Shown, Turn, TurnResult
from agent.conversation.starters import STARTERS
from agent.conversation.turns import Conversation
from agent.conversation.views import CampaignSummary, KeyframesView, Press, StoryboardView, Swatch, TakesView
from agent.domain import Decision, DecisionKind, ReferenceRole, Stage
from agent.intents.decide import Reply, to_decision
from agent.intents.offline import parse_offline
from agent.intents.parser import IntentParser
from agent.intents.schema import ChatContext
from agent.progress import Progress
from agent.service import CampaignService
from agent.settings import Settings
from tests.conftest import SMALL_BRIEF
from ui.web import accounts, cards, chat, launch, progress, replay, swatches, uploads, welcome, wording
from ui.web.cards import Card
from ui.web.history import LocalFiles, create_schema
from ui.web.owners import Owners
from ui.web.workspace import Status, Workspace

APPROVE = Decision(kind=DecisionKind.APPROVE)


def test_passwords_are_stored_as_scrypt_hashes_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    accounts.add_user(path, "alice", "correct horse")
    stored = path.read_text()
    assert "correct horse" not in stored
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    users = accounts.load(path)
    assert accounts.verify(users, "alice", "correct horse")
    assert not accounts.verify(users, "alice", "wrong horse")
    assert not accounts.verify(users, "mallory", "correct horse")
    accounts.add_user(path, "alice", "a new password")  # replacing a password keeps one account
    assert list(accounts.load(path).users) == ["alice"]
    assert accounts.verify(accounts.load(path), "alice", "a new password")


@pytest.mark.parametrize(
    ("name", "password", "reason"),
    [
        ("Alice Smith", "long enough", "usernames are"),
        ("bob", "short", "at least 8"),
        ("local", "long enough", "reserved"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(tmp_path: Path, name: str, password: str, reason: str) -> None:
    with pytest.raises(accounts.AccountError, match=reason):
        accounts.add_user(tmp_path / "users.json", name, password)


def test_login_needs_both_a_secret_and_a_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STUDIO_USERS_FILE", raising=False)
    monkeypatch.delenv("CHAINLIT_AUTH_SECRET", raising=False)
    accounts.add_user(tmp_path / "users.json", "alice", "correct horse")
    assert not accounts.login_enabled(tmp_path)
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "s" * 32)
    assert accounts.login_enabled(tmp_path)
    assert not accounts.login_enabled(tmp_path / "elsewhere")


def _image(path: Path, size: tuple[int, int], fmt: str = "PNG") -> Path:
    image = Image.new("RGB", size, (200, 30, 40))
    image.paste((20, 40, 200), (0, 0, size[0] // 3, size[1]))
    image.save(path, format=fmt)
    return path


def test_a_good_reference_is_kept_by_hash_with_its_palette(tmp_path: Path) -> None:
    source = _image(tmp_path / "upload.bin", (640, 480), "JPEG")
    ref = uploads.keep(source, "shoe.jpg", tmp_path / "refs")
    assert Path(ref.path).parent == tmp_path / "refs" and ref.path.endswith(".jpg")
    assert (ref.width, ref.height) == (640, 480)
    reds = [h for h in ref.palette if int(h[1:3], 16) > 150 and int(h[5:7], 16) < 100]
    assert ref.palette and reds and ref.palette[0] == reds[0], "the dominant colour (red, two thirds) comes first"
    assert uploads.keep(source, "again.jpg", tmp_path / "refs").path == ref.path


def test_bad_uploads_are_refused_with_what_to_send_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    refs = tmp_path / "refs"
    with pytest.raises(uploads.UploadRejected, match="not an image Studio can read; send a PNG or JPEG"):
        uploads.keep(text, "notes.png", refs)
    with pytest.raises(uploads.UploadRejected, match="GIF"):
        uploads.keep(_image(tmp_path / "a.gif", (400, 400), "GIF"), "a.gif", refs)
    with pytest.raises(uploads.UploadRejected, match="at least 256 px"):
        uploads.keep(_image(tmp_path / "tiny.png", (300, 120)), "tiny.png", refs)
    big = _image(tmp_path / "big.png", (1200, 1000))
    monkeypatch.setattr(uploads, "MAX_PIXELS", 1_000_000)
    with pytest.raises(
        uploads.UploadRejected, match=r"1200×1000 \(1 MP\); re-export the image as PNG or JPEG under 1 MP"
    ):
        uploads.keep(big, "big.png", refs)
    monkeypatch.setattr(uploads, "MAX_BYTES", 1000)
    with pytest.raises(uploads.UploadRejected, match="MB"):
        uploads.keep(big, "big.png", refs)


async def test_ownership_is_scoped_to_the_asking_user(tmp_path: Path) -> None:
    owners = Owners(tmp_path / "studio.db")
    await owners.claim("shoe-1", "alice", "thread-a")
    await owners.claim("shoe-2", "alice", "thread-a")
    assert await owners.owns("alice", "shoe-1")
    assert not await owners.owns("bob", "shoe-1")
    assert await owners.in_thread("alice", "thread-a") == ["shoe-1", "shoe-2"]
    assert await owners.in_thread("bob", "thread-a") == []
    assert await owners.of("alice") == [("shoe-2", "thread-a"), ("shoe-1", "thread-a")]


async def test_element_files_stay_inside_their_folder(tmp_path: Path) -> None:
    files = LocalFiles(tmp_path / "files")
    saved = await files.upload_file("user-1/el-1/frame.png", b"png bytes", "image/png")
    assert saved["url"] == "/studio/files/user-1/el-1/frame.png"
    assert files.path("user-1/el-1/frame.png").read_bytes() == b"png bytes"
    for bad in ("../studio.db", "user-1/../../etc/passwd", ""):
        with pytest.raises(ValueError, match="bad object key"):
            files.path(bad)
    assert await files.delete_file("user-1/el-1/frame.png")
    create_schema(tmp_path / "studio.db")
    create_schema(tmp_path / "studio.db")  # idempotent


def test_a_reopen_drops_only_the_earlier_re_posts_nothing_happened_after() -> None:
    def step(step_id: str, kind: str, metadata: object = None) -> dict[str, object]:
        return {"id": step_id, "type": kind, "metadata": metadata or {}}

    marked = '{"studio": "replay"}'  # as the SQL data layer returns it
    thread: dict[str, object] = {
        "id": "t1",
        "steps": [
            step("card", "assistant_message"),
            step("note-1", "assistant_message", marked),
            step("card-1", "assistant_message", {"studio": "replay"}),
            step("answer", "user_message"),  # the marketer acted on the first re-post: it is history
            step("note-2", "assistant_message", marked),
            step("live-2", "run", marked),
            step("card-2", "assistant_message", marked),
        ],
        "elements": [{"id": "e1", "forId": "card"}, {"id": "e2", "forId": "card-2"}],
    }
    with replay.replaying():
        assert replay.metadata() == {"studio": "replay"}
    assert replay.metadata() is None
    assert replay.drop_trailing(thread) == ["card-2", "live-2", "note-2"]  # type: ignore[arg-type]
    assert [s["id"] for s in thread["steps"]] == ["card", "note-1", "card-1", "answer"]  # type: ignore[attr-defined]
    assert thread["elements"] == [{"id": "e1", "forId": "card"}]
    assert replay.drop_trailing(thread) == []  # type: ignore[arg-type]


@pytest.mark.usefixtures("fake_backends")
async def test_reference_images_reach_the_plan_and_the_keyframe_recipes(
    service: CampaignService, tmp_path: Path
) -> None:
    ref = uploads.keep(_image(tmp_path / "ref.png", (512, 512)), "brand.png", tmp_path / "refs")
    ref = ref.model_copy(update={"role": ReferenceRole.STYLE})  # a style reference's colours paint the draft
    outcome = await service.start(SMALL_BRIEF, references=[ref])
    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None
    assert any("brand.png" in note for note in outcome.checkpoint.content["storyboard"]["notes"])
    await service.decide(outcome.campaign_id, APPROVE)
    state = await service.state(outcome.campaign_id)
    recipe = state.keyframes[1][0].recipe
    assert recipe.reference_asset_hashes == (ref.sha256,)
    assert recipe.extra["palette"] == ",".join(ref.palette)


# -- the workspace's rendering of the conversation core -----------------------------------------------------

TIKTOK_BRIEF = "6 s TikTok teaser for our trail shoe, energetic, budget $20"


def conversation(service: CampaignService) -> Conversation:
    return Conversation(service, IntentParser())


async def approve(conv: Conversation, result: TurnResult) -> TurnResult:
    view = result.checkpoint
    assert view is not None
    option = next(o for o in view.options if o.press.kind == DecisionKind.APPROVE)
    return await conv.turn(view.campaign_id, Turn(press=option.press))


async def at(conv: Conversation, target: Stage, brief: str = SMALL_BRIEF) -> TurnResult:
    """Start from ``brief`` and press Approve (picks: v1) until the ``target`` checkpoint."""
    result = await conv.turn(None, Turn(text=brief))
    while (view := result.checkpoint) is not None and view.stage is not target:
        result = await approve(conv, result)
    assert result.checkpoint is not None, result
    return result


def shown(result: TurnResult) -> Card:
    view = result.checkpoint
    assert view is not None
    return cards.checkpoint_card(view)


@pytest.mark.usefixtures("fake_backends")
async def test_the_storyboard_card_shows_what_each_scene_shows_says_and_costs(service: CampaignService) -> None:
    result = await at(conversation(service), Stage.STORYBOARD)
    view = result.checkpoint
    assert view is not None and isinstance(view.body, StoryboardView)
    card = cards.checkpoint_card(view)
    for row in view.body.rows:
        assert row.description and row.description in card.text
        assert f"“{row.voiceover}”" in card.text
        assert row.on_screen_text in card.text
        assert f"| {row.cost_usd:.2f} |" in card.text
        for model in row.models:
            assert model.model_name in card.text
    assert "local/" not in card.text, "models go by their human names, not catalog ids"
    assert "<br>" not in card.text, "raw HTML is not rendered in chat"
    assert [b.label for b in card.all_buttons()][:2] == ["Approve", "Redirect…"]
    assert all(Press.model_validate(b.payload).stage is Stage.STORYBOARD for b in card.all_buttons())


@pytest.mark.usefixtures("fake_backends")
async def test_keyframes_post_a_message_per_scene_and_a_pick_shows_as_picked(service: CampaignService) -> None:
    conv = conversation(service)
    result = await at(conv, Stage.KEYFRAMES)
    view = result.checkpoint
    assert view is not None and isinstance(view.body, KeyframesView)
    card = cards.checkpoint_card(view)
    assert [b.label for b in card.all_buttons()] == ["Approve picks", "Redirect…", "Cancel"]
    assert len(card.parts) == len(view.body.groups) >= 2
    for part, group in zip(card.parts, view.body.groups, strict=True):
        assert [m.path for m in part.media] == [v.path for v in group.variations]
        labels = [b.label for b in part.all_buttons()]
        assert labels[: len(group.variations)] == [f"Pick scene {group.scene} · v{v.number}" for v in group.variations]
        assert labels[-1] == f"Regenerate scene {group.scene}"
        shown_text = part.text + " ".join(labels) + " ".join(m.name for m in part.media)
        assert all(v.asset_id not in shown_text for v in group.variations), "internal ids are never shown"
        assert part.key == cards.keyframe_key(view.campaign_id, group.scene)

    pick = next(b for b in card.parts[0].all_buttons() if b.label == "Pick scene 1 · v2")
    saved = await conv.turn(view.campaign_id, Turn(press=Press.model_validate(pick.payload)))
    update = next(m for m in saved.messages if isinstance(m, PickSaved))
    posted = {p.key or "": p.options for p in card.parts}
    updates = cards.pick_updates(view.campaign_id, update, posted)
    assert set(updates) == set(posted), "every posted scene message is rewritten with its pick state"
    scene_1 = updates[cards.keyframe_key(view.campaign_id, 1)]
    picked = [b for b in scene_1.all_buttons() if b.icon == cards.PICKED_ICON]
    assert [b.label for b in picked] == ["Picked scene 1 · v2"]
    assert "picked v2" in scene_1.text
    assert "Pick scene 1 · v1" in [b.label for b in scene_1.all_buttons()]
    scene_2 = updates[cards.keyframe_key(view.campaign_id, 2)]
    assert "not picked yet" in scene_2.text and not any(b.icon == cards.PICKED_ICON for b in scene_2.all_buttons())

    reopened = cards.checkpoint_card(
        next(m.view for m in (await conv.show(view.campaign_id)).messages if isinstance(m, Shown))
    )
    assert "Picked scene 1 · v2" in [b.label for b in reopened.parts[0].all_buttons()], "the pick shows after a reload"


@pytest.mark.usefixtures("fake_backends")
async def test_each_take_plays_its_clip_with_the_voice_in_a_player_shaped_like_it(service: CampaignService) -> None:
    result = await at(conversation(service), Stage.TAKES, TIKTOK_BRIEF)
    view = result.checkpoint
    assert view is not None and isinstance(view.body, TakesView)
    card = cards.checkpoint_card(view)
    assert len(card.parts) == len(view.body.takes)
    for part, take in zip(card.parts, view.body.takes, strict=True):
        assert take.preview is not None and take.voice is not None
        assert [(m.kind, m.path) for m in part.media] == [("video", take.preview)], "one player: clip and voice"
        assert part.media[0].shape == cards.shape(take.width, take.height)
        assert take.model_name in part.text and "local/" not in part.text

    vertical = cards.take_card(view.body.takes[0].model_copy(update={"width": 1080, "height": 1920}), [])
    config = cards.player_config(vertical.media[0])
    assert config == {"file": {"attributes": {"className": "studio-vertical", "title": "scene 1 take"}}}
    css = (Path(launch.STATIC) / "studio.css").read_text()
    assert ".inline-video:has(> video.studio-vertical)" in css and "object-position: top" in css


@pytest.mark.usefixtures("fake_backends")
async def test_finals_and_deliveries_are_labelled_per_platform_with_the_report_linked(service: CampaignService) -> None:
    conv = conversation(service)
    final = await at(conv, Stage.FINAL, TIKTOK_BRIEF)
    card = shown(final)
    assert "| TikTok 9:16 | 1080×1920 |" in card.text
    assert [(m.kind, m.name, m.shape) for m in card.media] == [
        ("video", "TikTok 9:16", "vertical"),
        ("file", "TikTok 9:16.mp4", None),
    ]
    delivered = await approve(conv, final)
    message = next(m for m in delivered.messages if isinstance(m, Delivered))
    done = cards.card(message)
    assert done is not None and done.text.startswith(f"### Delivered · {message.view.title}")
    files = {m.name: m.path for m in done.media if m.kind == "file"}
    assert files["report.html"] == message.view.report and files["report.html"].is_file()
    assert message.view.bundle is not None and files[message.view.bundle.name] == message.view.bundle
    assert "**report**" in done.text
    assert [b.label for b in done.all_buttons()] == ["LinkedIn 16:9 version", "Instagram feed 1:1 version"]
    assert all(b.payload["kind"] == "version" for b in done.all_buttons())


def test_said_copy_and_history_messages_render_as_cards(tmp_path: Path) -> None:
    assert cards.said_text(Said(text="campaign busy", tone="refused")) == "**Not done:** campaign busy"
    assert cards.said_text(Said(text="Not done: bad scene", tone="refused")) == "Not done: bad scene"
    assert cards.said_text(Said(text="Scene 2 now uses Veo 3.1.", tone="done")) == "Scene 2 now uses Veo 3.1."
    assert cards.said_text(Said(text="Scene 1: Kling\nScene 2: Veo")) == "Scene 1: Kling  \nScene 2: Veo"
    saved = tmp_path / "tiktok.md"
    saved.write_text("captions")
    markdown = "# TikTok captions\n\n## Caption 1\n\nCosy up.\n\n#OatMilk #FYP"
    assert cards.demote(markdown) == "#### TikTok captions\n\n##### Caption 1\n\nCosy up.\n\n#OatMilk #FYP"
    written = CopyWritten(
        platform="tiktok", label="TikTok 9:16", text="1. Cosy up #oatmilk", files=[saved], writer="offline copywriter"
    )
    copy = cards.card(written)
    assert copy is not None and "### Post copy · TikTok 9:16" in copy.text and "1. Cosy up #oatmilk" in copy.text
    assert [(m.kind, m.path) for m in copy.media] == [("file", saved)]


def test_progress_reads_as_plain_words() -> None:
    events = {"keyframes": Progress(stage="keyframes", done=3, total=8, label="scene 2 · variation 1")}
    running = progress.render(events, 12.4)
    assert running == "Keyframes: scene 2 · variation 1 — 3 of 8 done\n\n12 s so far…"
    finished = progress.render(
        {"keyframes": Progress(stage="keyframes", done=8, total=8, label="scene 3 · variation 2")}, 75.0, done=True
    )
    assert finished == "Keyframes: 8 of 8 done\n\nTook 1 min 15 s."
    assert progress.render({}, 0.01, done=True) == "", "a quick step says nothing, not 'done in 0.0 s'"
    assert "```" not in running
    assert progress.render(events, 3.0, failed=True).endswith("Stopped after 3 s.")


def test_the_footer_names_the_planner_and_steps_read_as_their_label(tmp_path: Path) -> None:
    offline = Status(planner="offline planner (rules and the catalog; no LLM)", providers=[], login=False)
    assert "offline planner" in offline.footer() and "LLMs can make mistakes" not in offline.footer()
    llm = Status(planner="LLM planner (gpt-4.1-mini)", providers=["fal"], login=True)
    assert "gpt-4.1-mini" in llm.footer()
    written = wording.write(tmp_path / "translations", offline.footer())
    assert {p.name for p in written} >= {"en-US.json", "fr-FR.json"}
    for path in written:
        chat_words = json.loads(path.read_text())["chat"]
        assert chat_words["watermark"] == offline.footer()
        assert chat_words["messages"]["status"] == {"using": "", "used": ""}
    assert json.loads((tmp_path / "translations" / "en-US.json").read_text())["chat"]["input"], "the rest is kept"


def test_the_welcome_offers_starter_briefs_and_names_campaigns_to_continue() -> None:
    status = Status(planner="offline planner", providers=[], login=False)
    waiting = CampaignSummary(
        campaign_id="trail-shoe-1a2b3c",
        title="Trail Ready",
        status="waiting",
        stage=Stage.KEYFRAMES,
        brief="6 s…",
        updated_at=2.0,
    )
    stuck = CampaignSummary(campaign_id="latte-1", title="latte-1", status="planning", brief="8 s…", updated_at=1.0)
    done = waiting.model_copy(update={"campaign_id": "x", "status": "delivered", "stage": None})
    card = welcome.welcome_card(status, welcome.unfinished([waiting, done, stuck]))
    starters = [b for b in card.buttons if b.action == "starter"]
    assert 3 <= len(starters) <= 4
    assert [b.payload["brief"] for b in starters] == [s.brief for s in STARTERS]
    assert [b.label for b in starters] == [s.label for s in STARTERS]
    assert not [b for b in card.buttons if b.action == "continue"]
    continues = [b.label for part in card.parts for b in part.buttons if b.action == "continue"]
    assert continues == ["Continue “Trail Ready” · at the keyframes", "Continue “latte-1” · planning"]


async def test_each_user_remembers_into_their_own_workspace(settings: Settings) -> None:
    ws = await Workspace.open(settings)
    try:
        alice, bob = ws.service_for("alice").context.memory, ws.service_for("bob").context.memory
        assert alice is not None and bob is not None
        assert (alice.workspace, bob.workspace) == ("user:alice", "user:bob")
        assert ws.service_for("alice").context.memory is alice, "one memory per user, opened once"
        assert ws.service_for("alice").graph is ws.service.graph
        assert ws.status.providers == [] and "offline" in ws.status.planner
        assert ws.platforms["tiktok"] == "TikTok 9:16"
    finally:
        await ws.aclose()


@pytest.mark.usefixtures("fake_backends")
async def test_the_chat_asks_the_memory_off_its_event_loop(service: CampaignService) -> None:
    from memory.records import Outcome, OutcomeRecord
    from memory.store import Recall

    loop_thread = threading.get_ident()
    searched_on: list[int] = []
    remembered = OutcomeRecord(
        recipe_hash="r1",
        description="a trail shoe on a ridge",
        prompt="a trail shoe on a ridge",
        capability="text_to_image",
        model_id="flux-2-pro",
        seed=7,
        outcome=Outcome.APPROVED,
        campaign_id="c1",
        workspace="user:alice",
    )

    class Memory:
        def search(self, query: str, k: int = 5, brand: str | None = None) -> list[Recall]:
            searched_on.append(threading.get_ident())  # Chroma and the embedder are sync: never on the loop
            return [Recall(record=remembered, similarity=0.9, score=0.9)]

    conv = Conversation(service.for_workspace(Memory()), IntentParser())  # type: ignore[arg-type]
    started = await conv.turn(None, Turn(text=SMALL_BRIEF))
    result = await conv.turn(started.campaign_id, Turn(text="what worked last time for trail shoe shots?"))
    recalled = next(m for m in result.messages if isinstance(m, Recalled))
    card = cards.card(recalled)
    assert searched_on and searched_on[0] != loop_thread
    assert card is not None and "What worked before" in card.text and "flux-2-pro" in card.text


async def test_known_failures_become_one_message_and_bugs_surface(monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.errors import ToolError

    said: list[str] = []

    async def say(text: str) -> None:
        said.append(text)

    async def stops() -> None:
        raise ToolError("ffmpeg failed on scene 2")

    async def bug() -> None:
        raise KeyError("oops")

    monkeypatch.setattr(chat, "say", say)
    await chat.guarded(stops())
    assert said == [
        "**Stopped:** ffmpeg failed on scene 2. The campaign is saved at its last checkpoint; fix the cause and "
        "resume it. Say “resume”, or reopen this chat later."
    ]
    with pytest.raises(KeyError):
        await chat.guarded(bug())


def _at(stage: Stage) -> Checkpoint:
    content: dict[str, object] = {"exports": {"tiktok": {}}} if stage is Stage.FINAL else {}
    return Checkpoint(campaign_id="c1", stage=stage, question="?", allowed=[DecisionKind.APPROVE], content=content)


@pytest.mark.parametrize(
    ("stage", "turn", "says"),
    [
        (Stage.TAKES, "upscale scene 2", ["at delivery", "smaller than the master frame", "Topaz", "Lanczos"]),
        (Stage.FINAL, "make it sharper, 4k please", ["were upscaled", "Topaz", "Lanczos", "4K"]),
        (Stage.TAKES, "use a deeper voice", ["Describe the voice", "play the best match", "only the voiceovers"]),
        (Stage.TAKES, "the voice sounds too robotic", ["Pace and pronunciation are not", "use ElevenLabs for scene 2"]),
        (Stage.FINAL, "change the music to something jazzier", ["already carry the soundtrack", "back to the takes"]),
        (Stage.FINAL, "use faster cuts", ["transitions", "mood", "not built"]),
    ],
)
def test_chat_replies_say_what_exists_and_plainly_what_does_not(stage: Stage, turn: str, says: list[str]) -> None:
    intent = parse_offline(turn, ChatContext(stage=stage, scenes=4))
    reply = to_decision(intent, _at(stage))
    assert isinstance(reply, Reply), intent
    for part in says:
        assert part in reply.text, reply.text
    assert "delivery stage, which is not built" not in reply.text
    assert "finishing stage, not built" not in reply.text


def test_a_version_request_at_the_final_checkpoint_is_offered_not_refused() -> None:
    intent = parse_offline("make a LinkedIn version", ChatContext(stage=Stage.FINAL, scenes=4))
    reply = to_decision(intent, _at(Stage.FINAL))
    assert isinstance(reply, Reply) and reply.derive_platform == "linkedin" and "not built" not in reply.text


def test_the_concept_palette_is_drawn_as_colour_blocks(tmp_path: Path) -> None:
    palette = [Swatch(name="apricot", hex="#F4A261"), Swatch(name="mystery"), Swatch(name="pine", hex="#1B4332")]
    path = swatches.strip(palette, tmp_path / "swatches")
    assert path is not None
    with Image.open(path) as image:
        assert image.size == (2 * swatches.BLOCK[0], swatches.BLOCK[1])
        assert image.getpixel((10, 10)) == (0xF4, 0xA2, 0x61) and image.getpixel((swatches.BLOCK[0] + 10, 10)) == (
            0x1B,
            0x43,
            0x32,
        )
    assert swatches.strip(palette, tmp_path / "swatches") == path, "made once per palette"
    assert swatches.strip([Swatch(name="mystery")], tmp_path / "swatches") is None
