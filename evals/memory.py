"""Memory recall quality: paraphrased queries against remembered scenes, scored as recall@5 and MRR."""

from __future__ import annotations

import tempfile
from pathlib import Path

import chromadb
import yaml
from chromadb.config import Settings as ChromaSettings
from pydantic import BaseModel

from evals.data import DATASETS
from memory.embeddings import default_embedder
from memory.records import Outcome, OutcomeRecord
from memory.store import ChromaMemory

RECALL_TARGET = 0.9


class MemoryReport(BaseModel):
    """How well paraphrases find what they mean."""

    queries: int
    records: int
    recall_at_5: float
    mrr: float
    misses: list[str]


def score_memory(path: Path = DATASETS / "memory.yaml") -> MemoryReport:
    """Store the records in a scratch Chroma, ask every query, score the ranks of the relevant records."""
    data = yaml.safe_load(path.read_text())
    with tempfile.TemporaryDirectory() as scratch:
        client = chromadb.PersistentClient(path=scratch, settings=ChromaSettings(anonymized_telemetry=False))
        memory = ChromaMemory(client, default_embedder())
        memory.record(
            [
                OutcomeRecord(
                    recipe_hash=key,
                    description=text,
                    prompt=text,
                    capability="text_to_image",
                    model_id="flux-2-pro",
                    outcome=Outcome.APPROVED,
                    campaign_id="eval",
                )
                for key, text in data["records"].items()
            ]
        )
        hits, reciprocal, misses = 0, 0.0, []
        for item in data["queries"]:
            ranked = [r.record.recipe_hash for r in memory.search(item["q"], k=5)]
            ranks = [ranked.index(r) + 1 for r in item["relevant"] if r in ranked]
            if ranks:
                hits += 1
                reciprocal += 1 / min(ranks)
            else:
                misses.append(item["q"])
    n = len(data["queries"])
    return MemoryReport(
        queries=n, records=len(data["records"]), recall_at_5=hits / n, mrr=reciprocal / n, misses=misses
    )
