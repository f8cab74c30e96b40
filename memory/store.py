"""The memory store on ChromaDB: a PersistentClient in the data folder, or a server via ``CHROMA_HOST``.

Each embedding model gets its own collection, so vectors of different models never mix. Workspace and
brand filters run inside Chroma (``where``); ranking by similarity and approval history happens here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from numpy.typing import NDArray
from pydantic import BaseModel

from memory.records import Outcome, OutcomeRecord, merged
from memory.settings import MemorySettings

# Wider HNSW search than Chroma's defaults: measured in bench/memory_recall.py, recall@5 against exact
# search rises from about 55% to over 90% on hard (random) vectors for about 1 ms more per query.
HNSW = {"hnsw": {"space": "cosine", "ef_search": 200, "ef_construction": 200, "max_neighbors": 32}}
APPROVAL_BONUS = 0.03  # per approval, up to 5
REJECTION_PENALTY = 0.10  # per rejection


class Embedder(Protocol):
    """Anything that turns texts into normalised vectors, with a name for its collection."""

    name: str

    def embed(self, texts: Sequence[str], *, batch_size: int = 64) -> NDArray[Any]:
        """Embed texts."""
        ...


class Recall(BaseModel):
    """A remembered record and how well it matches."""

    record: OutcomeRecord
    similarity: float
    score: float


def collection_name(embedder_name: str, workspace: str = "default") -> str:
    """A valid Chroma collection name per embedding model and workspace.

    One collection per workspace keeps the workspace out of the query filter: filtered queries in
    Chroma cost 10–40× more than unfiltered ones (bench/memory_recall.py).
    """
    model = re.sub(r"[^a-zA-Z0-9._-]", "-", embedder_name)[:40]
    space = re.sub(r"[^a-zA-Z0-9._-]", "-", workspace)[:40]
    return f"outcomes-{model}--{space}"


def open_client(settings: MemorySettings, home: Path) -> ClientAPI:
    """A Chroma server when ``CHROMA_HOST`` is set, else a PersistentClient under ``home/memory``."""
    no_telemetry = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=no_telemetry)
    (home / "memory").mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(home / "memory"), settings=no_telemetry)


class ChromaMemory:
    """Outcome records, recalled by meaning."""

    def __init__(
        self, client: ClientAPI, embedder: Embedder, *, workspace: str = "default", threshold: float = 0.55
    ) -> None:
        self.embedder = embedder
        self.workspace = workspace
        self.threshold = threshold
        self.collection = client.get_or_create_collection(
            collection_name(embedder.name, workspace),
            embedding_function=None,
            configuration=HNSW,  # type: ignore[arg-type]
        )

    def record(self, records: Sequence[OutcomeRecord]) -> list[OutcomeRecord]:
        """Add or update records (idempotent per recipe hash: counts and feedback merge)."""
        if not records:
            return []
        combined: dict[str, OutcomeRecord] = {}
        existing = self._get([r.recipe_hash for r in records])
        for record in records:
            combined[record.recipe_hash] = merged(
                record, combined.get(record.recipe_hash) or existing.get(record.recipe_hash)
            )
        final = list(combined.values())
        vectors = self.embedder.embed([r.text for r in final])
        self.collection.upsert(
            ids=[r.recipe_hash for r in final],
            embeddings=vectors.tolist(),
            documents=[r.text for r in final],
            metadatas=[r.metadata() for r in final],
        )
        return final

    def _get(self, ids: list[str]) -> dict[str, OutcomeRecord]:
        found = self.collection.get(ids=list(dict.fromkeys(ids)), include=["metadatas"])
        return {
            i: OutcomeRecord.from_metadata(dict(m)) for i, m in zip(found["ids"], found["metadatas"] or [], strict=True)
        }

    def _where(self, brand: str | None, capability: str | None, positive_only: bool) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if brand:
            clauses.append({"brand": brand})
        if capability:
            clauses.append({"capability": capability})
        if positive_only:
            clauses.append({"approvals": {"$gt": 0}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def search(
        self,
        text: str,
        *,
        k: int = 5,
        brand: str | None = None,
        capability: str | None = None,
        positive_only: bool = False,
    ) -> list[Recall]:
        """Nearest records to ``text``, ranked by similarity and approval history."""
        vector = self.embedder.embed([text])[0]
        result = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=max(k * 4, 20),
            where=self._where(brand, capability, positive_only),
            include=["metadatas", "distances"],
        )
        recalls = []
        for metadata, distance in zip((result["metadatas"] or [[]])[0], (result["distances"] or [[]])[0], strict=True):
            record = OutcomeRecord.from_metadata(dict(metadata))
            similarity = 1.0 - float(distance)
            score = similarity + APPROVAL_BONUS * min(record.approvals, 5) - REJECTION_PENALTY * record.rejections
            recalls.append(Recall(record=record, similarity=round(similarity, 4), score=round(score, 4)))
        return sorted(recalls, key=lambda r: r.score, reverse=True)[:k]

    def recall(self, text: str, *, capability: str, brand: str | None = None, k: int = 3) -> list[Recall]:
        """Combinations worth reusing: approved more often than rejected, similar enough to ``text``."""
        found = self.search(text, k=k * 3, brand=brand, capability=capability, positive_only=True)
        return [r for r in found if r.similarity >= self.threshold and r.record.approvals > r.record.rejections][:k]

    def mark(self, recipe_hash: str, outcome: Outcome, feedback: str = "") -> OutcomeRecord | None:
        """Add an outcome to an existing record (e.g. a recall the marketer turned down)."""
        found = self._get([recipe_hash]).get(recipe_hash)
        if found is None:
            return None
        return self.record(
            [found.model_copy(update={"outcome": outcome, "feedback": feedback, "approvals": 0, "rejections": 0})]
        )[0]

    def list(self, limit: int = 50) -> list[OutcomeRecord]:
        """Records of this workspace, newest first."""
        found = self.collection.get(include=["metadatas"])
        records = [OutcomeRecord.from_metadata(dict(m)) for m in found["metadatas"] or []]
        return sorted(records, key=lambda r: r.updated_at, reverse=True)[:limit]

    def forget(self, *, recipe_hashes: Sequence[str] = (), campaign_id: str | None = None) -> int:
        """Delete records by recipe hash or by campaign; returns how many."""
        if campaign_id:
            ids = self.collection.get(where={"campaign_id": campaign_id})["ids"]
        else:
            ids = list(self._get(list(recipe_hashes)))
        if ids:
            self.collection.delete(ids=ids)
        return len(ids)

    def export(self, path: Path) -> int:
        """Write this workspace's records as JSON lines."""
        records = self.list(limit=10**9)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r.model_dump(mode="json")) + "\n" for r in records))
        return len(records)
