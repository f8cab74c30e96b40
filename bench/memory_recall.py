"""Benchmark: embedding throughput and recall latency of the outcome memory.

Run: ``uv run python bench/memory_recall.py``. Prints, in one run:
- MiniLM (numpy) sentences per second at batch 64, against batch 1 as the baseline;
- query latency p50/p95 with the workspace filter at 10k and 100k stored records, Chroma (HNSW)
  against an exact brute-force search over the same vectors (numpy), plus HNSW's recall@5 vs exact.
Records at scale use random unit vectors (latency does not depend on what the vectors mean).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import chromadb
import numpy as np
import yaml
from chromadb.config import Settings as ChromaSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from memory.embeddings import MiniLM
from memory.store import HNSW

SIZES = (10_000, 100_000)
QUERIES = 200
DIM = 384


def sentences() -> list[str]:
    """640 realistic scene texts of varied length."""
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "evals/datasets/memory.yaml").read_text())
    base = list(data["records"].values())
    return [
        f"{text}, take {i}" if i % 2 else f"{text}. Camera: slow push-in. Lighting: soft. Tone: calm {i}"
        for i, text in enumerate(base * 11)
    ][:640]


def throughput() -> tuple[float, float]:
    """Sentences per second at batch 64 and at batch 1 (fresh caches, so nothing is reused)."""
    texts = sentences()
    model = MiniLM()
    model.embed(["warm-up"])
    started = time.perf_counter()
    model.embed(texts, batch_size=64)
    batched = len(texts) / (time.perf_counter() - started)
    single_model = MiniLM()
    single_model.embed(["warm-up"])
    started = time.perf_counter()
    for text in texts[:128]:
        single_model.embed([text], batch_size=1)
    single = 128 / (time.perf_counter() - started)
    return batched, single


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100)."""
    return float(np.percentile(values, q))


def latency(size: int, folder: Path) -> dict[str, float]:
    """p50/p95 ms for Chroma and brute force, and Chroma's recall@5 against the exact answer."""
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((size, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    client = chromadb.PersistentClient(
        path=str(folder / f"c{size}"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection("bench", embedding_function=None, configuration=HNSW)  # type: ignore[arg-type]
    step = 5_000
    for start in range(0, size, step):
        chunk = vectors[start : start + step]
        collection.add(
            ids=[str(i) for i in range(start, start + len(chunk))],
            embeddings=chunk.tolist(),
            metadatas=[{"workspace": "default" if i % 10 else "other"} for i in range(start, start + len(chunk))],
        )
    queries = rng.standard_normal((QUERIES, DIM)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    in_workspace = np.array([i % 10 != 0 for i in range(size)])
    chroma_ms, brute_ms, unfiltered_ms, agree = [], [], [], 0
    for query in queries:
        started = time.perf_counter()
        collection.query(query_embeddings=[query.tolist()], n_results=5)
        unfiltered_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        result = collection.query(query_embeddings=[query.tolist()], n_results=5, where={"workspace": "default"})
        chroma_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        scores = vectors @ query
        scores[~in_workspace] = -2.0
        exact = np.argpartition(-scores, 5)[:5]
        brute_ms.append((time.perf_counter() - started) * 1000)
        agree += len({int(i) for i in result["ids"][0]} & {int(i) for i in exact})
    return {
        "chroma_p50": percentile(chroma_ms, 50),
        "chroma_p95": percentile(chroma_ms, 95),
        "unfiltered_p50": percentile(unfiltered_ms, 50),
        "unfiltered_p95": percentile(unfiltered_ms, 95),
        "brute_p50": percentile(brute_ms, 50),
        "brute_p95": percentile(brute_ms, 95),
        "recall": agree / (5 * QUERIES),
    }


def main() -> None:
    """Print the figures."""
    batched, single = throughput()
    print("embedding: all-MiniLM-L6-v2 in numpy (no torch), 640 scene texts")
    print(f"  batch 64: {batched:.1f} sentences/s; batch 1: {single:.1f} sentences/s; ratio {batched / single:.2f}x")
    print(f"query latency, {QUERIES} queries, top 5, in ms (p50 / p95); baseline: exact numpy brute force")
    header = ("records", "filtered", "per-workspace", "brute force", "p95 vs brute", "HNSW recall")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (9, 16, 16, 14, 13, 12), strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            r = latency(size, Path(tmp))
            print(
                f"{size:>9} {r['chroma_p50']:>7.2f} / {r['chroma_p95']:>6.2f} "
                f"{r['unfiltered_p50']:>7.2f} / {r['unfiltered_p95']:>6.2f} "
                f"{r['brute_p50']:>5.2f} / {r['brute_p95']:>6.2f} {r['unfiltered_p95'] / r['brute_p95']:>12.2f}x "
                f"{r['recall']:>11.1%}"
            )
    print("filtered: one collection, workspace as a where-filter; per-workspace: one collection per workspace")
    print("(what the store does). HNSW recall: filtered top 5 against exact, on random (worst-case) vectors.")


if __name__ == "__main__":
    main()
