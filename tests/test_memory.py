"""Vector memory: reference embeddings, the Chroma store, and recall inside campaigns."""

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings

from agent.domain import Decision, DecisionKind, Stage
from agent.service import CampaignService
from agent.settings import Settings
from memory.embeddings import MiniLM, default_embedder
from memory.records import Outcome, OutcomeRecord
from memory.settings import MemorySettings
from memory.store import ChromaMemory, collection_name, open_client

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "minilm_reference.json"
APPROVE = Decision(kind=DecisionKind.APPROVE)


def test_embeddings_match_the_reference_implementation() -> None:
    reference = json.loads(REFERENCE.read_text())
    vectors = default_embedder().embed(reference["sentences"])
    expected = np.array(reference["embeddings"], dtype=np.float32)
    cosines = (vectors * expected).sum(1) / np.linalg.norm(expected, axis=1) / np.linalg.norm(vectors, axis=1)
    sentences = reference["sentences"]
    assert "" in sentences and any(not s.isascii() for s in sentences)
    assert len(default_embedder().tokenizer.encode(max(sentences, key=len)).ids) == 256, "over-length is truncated"
    for sentence, cosine in zip(reference["sentences"], cosines, strict=True):
        assert cosine >= 0.999, f"{sentence[:40]!r}: cosine {cosine:.5f}"
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_batches_give_the_same_vectors_as_single_texts_and_repeat_from_cache() -> None:
    model = MiniLM()
    texts = ["a neon sneaker at night", "a calm lake at dawn with mist", "x"]
    batched = model.embed(texts, batch_size=2)
    single = np.stack([MiniLM().embed([t])[0] for t in texts])
    assert np.allclose(batched, single, atol=1e-5)
    assert len(model._cache) == 3
    assert np.array_equal(model.embed(texts[:1])[0], batched[0])


class Letters:
    """A deterministic fake embedder (letter counts) with its own name, for store tests."""

    name = "letters-fake"

    def embed(self, texts, *, batch_size: int = 64):  # type: ignore[no-untyped-def]
        vectors = np.zeros((len(texts), 26), dtype=np.float32)
        for row, text in enumerate(texts):
            for ch in text.lower():
                if "a" <= ch <= "z":
                    vectors[row, ord(ch) - 97] += 1
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def record(hash_: str, description: str, outcome: Outcome = Outcome.APPROVED, **extra: object) -> OutcomeRecord:
    fields = {
        "recipe_hash": hash_,
        "description": description,
        "prompt": description,
        "capability": "text_to_image",
        "model_id": "flux-2-pro",
        "seed": 12345,
        "guidance": 3.5,
        "outcome": outcome,
        "campaign_id": "c1",
        "campaign_title": "Spring",
        "brand": "acme",
        "workspace": "default",
    }
    return OutcomeRecord.model_validate(fields | extra)


def persistent(path: Path) -> chromadb.api.ClientAPI:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


@pytest.fixture
def store(tmp_path: Path) -> ChromaMemory:
    return ChromaMemory(persistent(tmp_path / "chroma"), default_embedder(), threshold=0.3)


def test_records_are_idempotent_per_recipe_and_merge_outcomes(store: ChromaMemory) -> None:
    store.record([record("r1", "neon sneaker night shot")])
    store.record([record("r1", "neon sneaker night shot")])
    [merged] = store.record([record("r1", "neon sneaker night shot", Outcome.REJECTED, feedback="too dark")])
    assert (merged.approvals, merged.rejections, merged.feedback) == (2, 1, "too dark")
    assert store.collection.count() == 1


def test_recall_ranks_by_similarity_and_history_and_skips_rejected(store: ChromaMemory) -> None:
    store.record(
        [
            record("good", "neon sneaker on a wet street at night, close-up", approvals=0),
            record("good", "neon sneaker on a wet street at night, close-up"),
            record("bad", "neon sneaker on a wet city street at night", Outcome.REJECTED, feedback="blurry"),
            record("other", "sunlit lemonade stand in a summer park"),
        ]
    )
    found = store.recall("night shot of sneakers under neon light", capability="text_to_image")
    assert found and found[0].record.recipe_hash == "good"
    assert "bad" not in [r.record.recipe_hash for r in found], "rejected recipes are not recommended"
    everything = store.search("night shot of sneakers under neon light", k=5)
    assert {r.record.recipe_hash for r in everything} >= {"good", "bad"}
    bad = next(r for r in everything if r.record.recipe_hash == "bad")
    assert bad.score < bad.similarity, "rejections are down-weighted"


def test_workspace_and_brand_filters_run_in_chroma(tmp_path: Path) -> None:
    client = persistent(tmp_path / "c")
    ours, theirs = (
        ChromaMemory(client, default_embedder(), workspace="ours"),
        ChromaMemory(client, default_embedder(), workspace="theirs"),
    )
    ours.record([record("a", "neon sneaker night", workspace="ours", brand="acme")])
    theirs.record([record("b", "neon sneaker night", workspace="theirs", brand="acme")])
    assert [r.record.recipe_hash for r in ours.search("neon sneaker night")] == ["a"]
    assert ours.search("neon sneaker night", brand="other-brand") == []
    assert ours.collection.name != theirs.collection.name, "one collection per workspace"
    assert ours._where("acme", "text_to_image", True) == {
        "$and": [{"brand": "acme"}, {"capability": "text_to_image"}, {"approvals": {"$gt": 0}}]
    }
    assert ours._where(None, None, False) is None


def test_each_embedding_model_gets_its_own_collection(tmp_path: Path) -> None:
    client = persistent(tmp_path / "c")
    ChromaMemory(client, default_embedder()).record([record("a", "neon")])
    fake = ChromaMemory(client, Letters())  # type: ignore[arg-type]
    assert fake.collection.name == collection_name("letters-fake") != collection_name("all-MiniLM-L6-v2")
    assert collection_name("all-MiniLM-L6-v2", "team a") == "outcomes-all-MiniLM-L6-v2--team-a"
    assert fake.collection.count() == 0


def test_memory_survives_a_restart_and_can_forget_and_export(tmp_path: Path) -> None:
    settings = MemorySettings()
    ChromaMemory(open_client(settings, tmp_path), default_embedder()).record(
        [record("a", "neon sneaker", campaign_id="c1"), record("b", "lemonade", campaign_id="c2")]
    )
    reopened = ChromaMemory(open_client(settings, tmp_path), default_embedder())
    assert {r.recipe_hash for r in reopened.list()} == {"a", "b"}
    assert reopened.export(tmp_path / "out.jsonl") == 2
    assert reopened.forget(campaign_id="c1") == 1
    assert reopened.forget(recipe_hashes=["b", "nope"]) == 1
    assert reopened.list() == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "chroma server did not start"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_chroma_server_is_used_when_chroma_host_is_set(
    chroma_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    settings = MemorySettings()
    client = open_client(settings, tmp_path)
    assert client.heartbeat() > 0
    memory = ChromaMemory(client, default_embedder())
    memory.record([record("srv", "neon sneaker night")])
    again = ChromaMemory(open_client(settings, tmp_path / "elsewhere"), default_embedder())
    assert [r.recipe_hash for r in again.list()] == ["srv"], "records live in the server, not the data folder"
    assert not (tmp_path / "memory").exists()


BRIEF = "6 s square feed teaser for our trail shoe at night, energetic"


async def _deliver(service: CampaignService, brief: str, brand: str | None = None) -> str:
    outcome = await service.start(brief, brand=brand)
    while outcome.checkpoint is not None:
        outcome = await service.decide(outcome.campaign_id, APPROVE)
    return outcome.campaign_id


@pytest.mark.usefixtures("fake_backends")
async def test_a_second_campaign_pre_fills_the_approved_recipe(settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        first = await _deliver(service, BRIEF, brand="acme")
        approved = {
            i: a
            for i, v in (await service.state(first)).keyframes.items()
            for a in v
            if a.id == (await service.state(first)).picks[i]
        }
        outcome = await service.start(
            "6 s square feed teaser for our trail running shoe at night, energetic", brand="acme"
        )
        outcome = await service.decide(outcome.campaign_id, APPROVE)
        assert outcome.checkpoint is not None and outcome.checkpoint.stage is Stage.STORYBOARD
        board = outcome.checkpoint.content["storyboard"]
        recalled = [s for s in board["scenes"] if s["recalled"]]
        assert recalled, board["notes"]
        for scene in recalled:
            source = approved[scene["index"]]
            assert scene["seed"] == source.recipe.seed
            assert scene["recalled"]["approvals"] >= 1
        assert any(
            n.startswith(f"Scene {recalled[0]['index']}: recalled: ") and "approved once" in n for n in board["notes"]
        )

        # Turning the recall down restores the plan's own seed and down-weights the recipe.
        index = recalled[0]["index"]
        own_seed = recalled[0]["recalled"]["previous_seed"]
        outcome = await service.decide(
            outcome.campaign_id, Decision(kind=DecisionKind.REDIRECT, scene=index, reject_recall=True)
        )
        scene = outcome.checkpoint.content["storyboard"]["scenes"][index - 1]  # type: ignore[union-attr]
        assert scene["recalled"] is None and scene["seed"] == own_seed
        memory = service.context.memory
        assert memory is not None
        hits = [r for r in memory.list() if r.recipe_hash == recalled[0]["recalled"]["recipe_hash"]]
        assert hits and hits[0].rejections == 1


@pytest.mark.usefixtures("fake_backends")
async def test_redirected_recipes_are_remembered_and_not_recommended(settings: Settings) -> None:
    async with CampaignService.open(settings) as service:
        outcome = await service.start(BRIEF)
        while outcome.checkpoint is not None and outcome.checkpoint.stage is not Stage.TAKES:
            outcome = await service.decide(outcome.campaign_id, APPROVE)
        state = await service.state(outcome.campaign_id)
        old = state.clips[2]
        await service.decide(outcome.campaign_id, Decision(kind=DecisionKind.REDIRECT, scene=2, feedback="darker"))
        memory = service.context.memory
        assert memory is not None
        remembered = {r.recipe_hash: r for r in memory.list()}
        assert remembered[old.recipe.digest()].outcome is Outcome.REDIRECTED
        assert remembered[old.recipe.digest()].feedback == "darker"
        recalled = memory.recall(remembered[old.recipe.digest()].text, capability="image_to_video")
        assert old.recipe.digest() not in [r.record.recipe_hash for r in recalled]


@pytest.mark.usefixtures("fake_backends")
async def test_memory_can_be_turned_off(studio_home: Path) -> None:
    async with CampaignService.open(Settings(home=studio_home, variations=1, memory=False)) as service:
        assert service.context.memory is None
        await _deliver(service, BRIEF)
    assert not (studio_home / "memory").exists()


def test_openai_embeddings_are_optional_and_kept_in_their_own_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.llm.settings import LLMSettings
    from agent.service import make_embedder
    from tests.fakeproviders import start

    with start("openai") as server:
        monkeypatch.setenv("STUDIO_EMBEDDINGS", "openai")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")
        embedder = make_embedder(MemorySettings(), LLMSettings())
        client = persistent(tmp_path / "c")
        openai_memory = ChromaMemory(client, embedder)
        minilm_memory = ChromaMemory(client, default_embedder())
        openai_memory.record([record("a", "neon sneaker night")])
        assert openai_memory.collection.name == collection_name("openai-text-embedding-3-small")
        assert openai_memory.collection.count() == 1 and minilm_memory.collection.count() == 0
        assert [r.record.recipe_hash for r in openai_memory.search("neon sneakers at night")] == ["a"]
        sent = [r["body"] for r in server.state.requests if r["path"] == "/v1/embeddings"]
        assert sent and sent[0]["model"] == "text-embedding-3-small"
        embedder.client.close()  # type: ignore[attr-defined]
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ValueError, match="needs OPENAI_API_KEY"):
        make_embedder(MemorySettings(), LLMSettings())
