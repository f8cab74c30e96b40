"""The chat workspace's pieces without a browser: accounts, uploads, ownership, files, cards, references."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from PIL import Image

from agent.checkpoints import Checkpoint
from agent.domain import Decision, DecisionKind, Stage
from agent.intents.decide import Reply, to_decision
from agent.intents.offline import parse_offline
from agent.intents.schema import ChatContext
from agent.service import CampaignService
from agent.settings import Settings
from tests.conftest import SMALL_BRIEF
from ui.web import accounts, replay, uploads
from ui.web.cards import Card, Money, checkpoint_card, stage_estimate
from ui.web.history import LocalFiles, create_schema
from ui.web.owners import Owners
from ui.web.workspace import Workspace

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


def test_the_money_line_shows_the_next_estimate_spend_and_budget_left() -> None:
    money = Money(next_label="keyframes", next_estimate_usd=0.4, spent_usd=1.5, reserved_usd=0.5, budget_usd=20)
    assert money.line() == (
        "**Money** Next: keyframes ≈ **$0.40** · spent $1.50 · reserved $0.50 · budget left **$18.00** of $20"
    )
    assert "no budget set" in Money().line()


@pytest.mark.usefixtures("fake_backends")
async def test_cards_carry_the_checkpoint_content_and_its_buttons(service: CampaignService) -> None:
    outcome = await service.start(SMALL_BRIEF)
    assert outcome.checkpoint is not None
    concept = checkpoint_card(outcome.checkpoint, Money())
    assert "### Concept" in concept.text and [b.label for b in concept.buttons] == ["Approve", "Redirect…", "Cancel"]

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None
    state = await service.state(outcome.campaign_id)
    assert state.storyboard is not None
    estimate = stage_estimate(state.storyboard, Stage.STORYBOARD)
    assert estimate == sum(
        c.estimated_cost_usd for s in state.storyboard.scenes for c in s.models if "image" in c.capability
    )
    board = checkpoint_card(
        outcome.checkpoint, Money(next_label="keyframes", next_estimate_usd=estimate, budget_usd=20)
    )
    assert "| 1 | hook |" in board.text and "budget left **$20.00** of $20" in board.text
    assert {b.payload["stage"] for b in board.buttons} == {"storyboard"}

    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.KEYFRAMES
    frames = checkpoint_card(outcome.checkpoint, Money())
    state = await service.state(outcome.campaign_id)
    assert len(frames.parts) == len(state.keyframes)
    for part, (scene, variations) in zip(frames.parts, sorted(state.keyframes.items()), strict=True):
        assert [m.path for m in part.media] == [Path(a.path) for a in variations]
        assert [b.payload["asset_id"] for b in part.buttons] == [a.id for a in variations]
        assert all(b.payload["scene"] == scene and b.payload["kind"] == "pick" for b in part.buttons)
    assert not any(b.label == "Approve" for b in frames.buttons), "keyframes are picked, not approved blind"


@pytest.mark.usefixtures("fake_backends")
async def test_reference_images_reach_the_plan_and_the_keyframe_recipes(
    service: CampaignService, tmp_path: Path
) -> None:
    ref = uploads.keep(_image(tmp_path / "ref.png", (512, 512)), "brand.png", tmp_path / "refs")
    outcome = await service.start(SMALL_BRIEF, references=[ref])
    outcome = await service.decide(outcome.campaign_id, APPROVE)
    assert outcome.checkpoint is not None
    assert any("brand.png" in note for note in outcome.checkpoint.content["storyboard"]["notes"])
    await service.decide(outcome.campaign_id, APPROVE)
    state = await service.state(outcome.campaign_id)
    recipe = state.keyframes[1][0].recipe
    assert recipe.reference_asset_hashes == (ref.sha256,)
    assert recipe.extra["palette"] == ",".join(ref.palette)


async def test_each_user_remembers_into_their_own_workspace(settings: Settings) -> None:
    ws = await Workspace.open(settings)
    try:
        alice, bob = ws.memory("alice"), ws.memory("bob")
        assert alice is not None and bob is not None
        assert (alice.workspace, bob.workspace) == ("user:alice", "user:bob")
        assert ws.service_for("alice").context.memory is alice
        assert ws.service_for("alice").graph is ws.service.graph
        assert ws.status.providers == [] and "offline" in ws.status.planner
    finally:
        await ws.aclose()


async def test_the_chat_asks_the_memory_off_its_event_loop(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from memory.records import Outcome, OutcomeRecord
    from memory.store import Recall
    from ui.web import chat

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
        def search(self, query: str, k: int = 5) -> list[Recall]:
            searched_on.append(threading.get_ident())  # Chroma and the embedder are sync: never on the loop
            return [Recall(record=remembered, similarity=0.9, score=0.9)]

    posted: list[str] = []

    async def post(card: Card, action: str = "decide") -> None:
        posted.append(card.text)

    monkeypatch.setattr(chat, "post", post)
    ws = await Workspace.open(settings)
    try:
        conversation = chat.Conversation.__new__(chat.Conversation)
        conversation.ws, conversation.user = ws, "alice"
        conversation.service = ws.service.for_workspace(Memory())  # type: ignore[arg-type]
        await conversation._recall("trail shoe")
    finally:
        await ws.aclose()
    assert searched_on and searched_on[0] != loop_thread
    assert "What worked before" in posted[0] and "flux-2-pro" in posted[0]


def _at(stage: Stage) -> Checkpoint:
    content: dict[str, object] = {"exports": {"tiktok": {}}} if stage is Stage.FINAL else {}
    return Checkpoint(campaign_id="c1", stage=stage, question="?", allowed=[DecisionKind.APPROVE], content=content)


@pytest.mark.parametrize(
    ("stage", "turn", "says"),
    [
        (Stage.TAKES, "upscale scene 2", ["at delivery", "smaller than the master frame", "Topaz", "Lanczos"]),
        (Stage.FINAL, "make it sharper, 4k please", ["were upscaled", "Topaz", "Lanczos", "4K"]),
        (Stage.TAKES, "use a deeper voice", ["not built", "use ElevenLabs for scene 2", "STUDIO_VOICE"]),
        (Stage.TAKES, "the voice sounds too robotic", ["not built", "use ElevenLabs for scene 2"]),
        (Stage.FINAL, "change the music to something jazzier", ["music bed", "no music provider", "not built"]),
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
