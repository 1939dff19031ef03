"""The hybrid index: BM25 over Vietnamese analysis, FAISS vectors, fused; one file on disk."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import bm25s
import faiss
import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexMismatch
from retrieval.search.accents import AccentModel
from retrieval.search.embedders import Embedder, Vectors
from retrieval.search.fusion import group_bonus, reciprocal_rank_fusion, zscore_fusion
from retrieval.text import analyze, detect_language, has_diacritics

FORMAT = 2  # 2: the article group of each chunk is stored


@dataclass(frozen=True)
class SearchConfig:
    """Every setting that changes what the index holds or how it ranks."""

    k1: float = 1.2
    b: float = 0.75
    bigrams: bool = True
    bm25_weight: float = 1.0
    dense_weight: float = 1.0
    rrf_k: float = 60.0
    fusion: str = "zscore"
    restore_accents: bool = True
    candidates: int = 100
    # Per query, each z-scored list is weighted by how sharply its top results stand out
    # (its peakedness, to this power; 0 keeps the weights fixed).
    adaptive_weights: float = 0.75
    # A passage gains this share of the fused score of the best other passage of its article.
    article_bonus: float = 0.1
    # The dense side reads the first this many words of a question (0: all); BM25 reads all.
    # A long question's tail changes its vector little and costs the most embedding time.
    dense_query_words: int = 40

    def fingerprint(self, embedder_name: str | None) -> str:
        """What the stored index was built with (ranking-only settings excluded)."""
        return json.dumps(
            {
                "k1": self.k1,
                "b": self.b,
                "bigrams": self.bigrams,
                "embedder": embedder_name,
                "format": FORMAT,
            },
            sort_keys=True,
        )


@dataclass(frozen=True)
class Hit:
    """One search result: the chunk, its fused score and its rank in each list (1-based)."""

    chunk_id: int
    score: float
    bm25_rank: int | None
    dense_rank: int | None
    bm25_score: float
    dense_score: float | None


def bm25_index(tokens: list[list[str]], k1: float, b: float) -> bm25s.BM25:
    """A Lucene BM25 index over pre-analysed documents (an empty corpus is allowed)."""
    model = bm25s.BM25(k1=k1, b=b)
    if not any(tokens):  # bm25s cannot index an empty corpus; an empty library is valid
        model.scores = {
            "data": np.zeros(0, dtype=np.float32),
            "indices": np.zeros(0, dtype=np.int32),
            "indptr": np.zeros(1, dtype=np.int32),
            "num_docs": len(tokens),
        }
        model.vocab_dict = {}
        return model
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in tokens]
    model.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
    return model


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class HybridIndex:
    """BM25 and dense rankings over the same chunks, fused (z-scores by default, or RRF)."""

    def __init__(
        self,
        *,
        chunk_ids: npt.NDArray[np.int64],
        bm25: bm25s.BM25,
        vectors: faiss.Index | None,
        accents: AccentModel,
        config: SearchConfig,
        embedder_name: str | None,
        revision: int,
        groups: npt.NDArray[np.int64] | None = None,
    ) -> None:
        self.chunk_ids = chunk_ids
        self.groups = groups
        self.bm25 = bm25
        self.vectors = vectors
        self.accents = accents
        self.config = config
        self.embedder_name = embedder_name
        self.revision = revision
        self._position = {int(c): i for i, c in enumerate(chunk_ids)}

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @classmethod
    def build(
        cls,
        chunk_ids: list[int],
        texts: list[str],
        vectors: Vectors | None,
        config: SearchConfig,
        embedder_name: str | None,
        revision: int,
        groups: list[int] | None = None,
    ) -> HybridIndex:
        """Index the given chunks; vectors and groups (the article of each chunk, passages of
        one article sharing a number), when given, are aligned with texts."""
        if groups is not None and len(groups) != len(texts):
            raise ValueError("one group per chunk is needed")
        bm25 = bm25_index([analyze(t, bigrams=config.bigrams) for t in texts], config.k1, config.b)
        flat = None
        if vectors is not None and embedder_name is not None:
            flat = faiss.IndexFlatIP(vectors.shape[1])
            if len(vectors):
                flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(
            chunk_ids=np.asarray(chunk_ids, dtype=np.int64),
            bm25=bm25,
            vectors=flat,
            accents=AccentModel.train(texts),
            config=config,
            embedder_name=embedder_name if flat is not None else None,
            revision=revision,
            groups=None if groups is None else np.asarray(groups, dtype=np.int64),
        )

    def save(self, path: Path) -> None:
        """Write the whole index to one file atomically: temporary file, fsync, rename."""
        path.parent.mkdir(parents=True, exist_ok=True)
        scores = self.bm25.scores
        meta = {
            "revision": self.revision,
            "config": asdict(self.config),
            "embedder": self.embedder_name,
            "format": FORMAT,
        }
        arrays: dict[str, Any] = {
            "meta": np.array(json.dumps(meta)),
            "chunk_ids": self.chunk_ids,
            "bm25_data": scores["data"],
            "bm25_indices": scores["indices"],
            "bm25_indptr": scores["indptr"],
            "bm25_num_docs": np.array(scores["num_docs"]),
            "vocab": np.array(json.dumps(self.bm25.vocab_dict, ensure_ascii=False)),
            "accents": np.array(self.accents.to_json()),
        }
        if self.groups is not None:
            arrays["groups"] = self.groups
        if self.vectors is not None:
            arrays["faiss"] = faiss.serialize_index(self.vectors)
        fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, **arrays)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> HybridIndex:
        """Read an index file; IndexMismatch when it is missing or unreadable."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if meta.get("format") != FORMAT:
                    raise IndexMismatch("index file format changed")
                config = SearchConfig(**meta["config"])
                bm25 = bm25s.BM25(k1=config.k1, b=config.b)
                bm25.scores = {
                    "data": data["bm25_data"],
                    "indices": data["bm25_indices"],
                    "indptr": data["bm25_indptr"],
                    "num_docs": int(data["bm25_num_docs"]),
                }
                bm25.vocab_dict = json.loads(str(data["vocab"]))
                bm25.nonoccurrence_array = None  # only BM25L/BM25+ use it; we index Lucene BM25
                vectors = faiss.deserialize_index(data["faiss"]) if "faiss" in data else None
                chunk_ids = data["chunk_ids"].astype(np.int64)
                if vectors is not None and vectors.ntotal != len(chunk_ids):
                    raise IndexMismatch("vector count differs from chunk count")
                groups = data["groups"].astype(np.int64) if "groups" in data else None
                if groups is not None and len(groups) != len(chunk_ids):
                    raise IndexMismatch("group count differs from chunk count")
                return cls(
                    chunk_ids=chunk_ids,
                    bm25=bm25,
                    vectors=vectors,
                    accents=AccentModel.from_json(str(data["accents"])),
                    config=config,
                    embedder_name=meta["embedder"],
                    revision=int(meta["revision"]),
                    groups=groups,
                )
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            EOFError,
            RuntimeError,  # faiss on damaged bytes
            zipfile.BadZipFile,
        ) as exc:
            raise IndexMismatch(f"cannot read index file {path}: {exc}") from exc

    def dense_query_text(self, query: str) -> str:
        """The text to embed: the question's first `dense_query_words` words, Vietnamese typed
        without diacritics with them restored."""
        if self.config.dense_query_words:
            query = " ".join(query.split()[: self.config.dense_query_words])
        if (
            self.config.restore_accents
            and not has_diacritics(query)
            and detect_language(query) == "vi"
        ):
            return self.accents.restore(query)
        return query

    def search(
        self,
        query: str,
        embedder: Embedder | None = None,
        *,
        k: int = 10,
        allowed: set[int] | None = None,
    ) -> list[Hit]:
        """Fused top-k; allowed, when given, limits the search to those chunk ids first."""
        if not len(self.chunk_ids):
            return []
        mask = None
        if allowed is not None:
            mask = np.fromiter(
                (int(c) in allowed for c in self.chunk_ids), dtype=bool, count=len(self.chunk_ids)
            )
            if not mask.any():
                return []
        depth = min(self.config.candidates, len(self.chunk_ids))
        bm25_scores = self._bm25_scores(query)
        if mask is not None:
            bm25_scores = np.where(mask, bm25_scores, 0.0)
        order = np.argsort(-bm25_scores, kind="stable")[:depth]
        bm25_rank = [int(i) for i in order if bm25_scores[i] > 0]
        dense = self._dense_scores(query, embedder, depth, mask, bm25_rank)
        dense_rank = sorted(dense, key=lambda p: -dense[p])
        if self.config.fusion == "rrf":
            fused = reciprocal_rank_fusion(
                [bm25_rank, dense_rank],
                [self.config.bm25_weight, self.config.dense_weight],
                self.config.rrf_k,
            )
        else:
            lexical = {p: float(bm25_scores[p]) for p in set(bm25_rank) | set(dense)}
            fused = zscore_fusion(
                [lexical, dense],
                [self.config.bm25_weight, self.config.dense_weight],
                depth,
                adaptive=self.config.adaptive_weights,
            )
        if self.groups is not None and self.config.article_bonus:
            groups = {p: int(self.groups[p]) for p, _ in fused}
            fused = group_bonus(fused, groups, self.config.article_bonus)
        bm25_pos = {p: r for r, p in enumerate(bm25_rank, start=1)}
        dense_pos = {p: r for r, p in enumerate(dense_rank, start=1)}
        return [
            Hit(
                int(self.chunk_ids[p]),
                score,
                bm25_pos.get(p),
                dense_pos.get(p),
                float(bm25_scores[p]),
                dense.get(p),
            )
            for p, score in fused[:k]
        ]

    def _dense_scores(
        self,
        query: str,
        embedder: Embedder | None,
        depth: int,
        mask: npt.NDArray[np.bool_] | None,
        also: list[int],
    ) -> dict[int, float]:
        """Cosine similarity of the top `depth` passages, and of the `also` positions."""
        if (
            self.vectors is None
            or embedder is None
            or embedder.name != self.embedder_name
            or self.config.dense_weight == 0
        ):
            return {}
        vector = embedder.embed_query(self.dense_query_text(query))
        params = None
        if mask is not None:
            params = faiss.SearchParameters()
            params.sel = faiss.IDSelectorBatch(np.flatnonzero(mask))
        sims, ids = self.vectors.search(vector, depth, params=params)
        scores = {int(p): float(s) for s, p in zip(sims[0], ids[0], strict=True) if p >= 0}
        extra = [p for p in also if p not in scores]
        if extra:
            stored = self.vectors.reconstruct_batch(np.asarray(extra, dtype=np.int64))
            for position, sim in zip(extra, stored @ vector[0], strict=True):
                scores[position] = float(sim)
        return scores

    def _bm25_scores(self, query: str) -> npt.NDArray[np.float32]:
        vocab = self.bm25.vocab_dict
        ids = [vocab[t] for t in analyze(query, bigrams=self.config.bigrams) if t in vocab]
        if not ids:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(ids), dtype=np.float32)
