"""Ranking one question over an index snapshot: BM25 and dense lists, fused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import faiss
import numpy as np
import numpy.typing as npt

from retrieval.search.fusion import group_bonus, reciprocal_rank_fusion, zscore_fusion
from retrieval.search.lexical import bm25_scores
from retrieval.text import analyze

if TYPE_CHECKING:
    from retrieval.search.embedders import Embedder, Vectors
    from retrieval.search.index import HybridIndex


@dataclass(frozen=True)
class Hit:
    """One search result: the chunk, its fused score and its rank in each list (1-based)."""

    chunk_id: int
    score: float
    bm25_rank: int | None
    dense_rank: int | None
    bm25_score: float
    dense_score: float | None


def rank(
    index: HybridIndex,
    query: str,
    embedder: Embedder | None,
    k: int,
    allowed: set[int] | None,
    vector: Vectors | None = None,
) -> list[Hit]:
    """Fused top-k of the live chunks (of the `allowed` ones, when given); `vector`: the
    question's embedding when the caller already has it."""
    if not index.passages:
        return []
    mask = index.alive
    if allowed is not None:
        wanted = np.fromiter(allowed, dtype=np.int64, count=len(allowed))
        mask = mask & np.isin(index.all_ids, wanted)
        if not mask.any():
            return []
    config = index.config
    depth = min(config.candidates, index.passages)
    scores = _bm25(index, query)
    scores = np.where(mask, scores, np.float32(0.0))
    positive = np.flatnonzero(scores > 0)
    # Ties go to the lower chunk id, as in one index built at once in chunk-id order.
    order = positive[np.lexsort((index.all_ids[positive], -scores[positive]))][:depth]
    bm25_rank = [int(i) for i in order]
    dense = _dense_scores(index, query, embedder, depth, mask, bm25_rank, vector)
    dense_rank = sorted(dense, key=lambda p: (-dense[p], int(index.all_ids[p])))
    if config.fusion == "rrf":
        fused = reciprocal_rank_fusion(
            [bm25_rank, dense_rank], [config.bm25_weight, config.dense_weight], config.rrf_k
        )
    else:
        lexical = {p: float(scores[p]) for p in [*bm25_rank, *dense_rank]}
        fused = zscore_fusion(
            [lexical, dense],
            [config.bm25_weight, config.dense_weight],
            depth,
            adaptive=config.adaptive_weights,
        )
    if index.all_groups is not None and config.article_bonus:
        groups = {p: int(index.all_groups[p]) for p, _ in fused}
        fused = group_bonus(fused, groups, config.article_bonus)
    bm25_pos = {p: r for r, p in enumerate(bm25_rank, start=1)}
    dense_pos = {p: r for r, p in enumerate(dense_rank, start=1)}
    return [
        Hit(
            int(index.all_ids[p]),
            score,
            bm25_pos.get(p),
            dense_pos.get(p),
            float(scores[p]),
            dense.get(p),
        )
        for p, score in fused[:k]
    ]


def _bm25(index: HybridIndex, query: str) -> npt.NDArray[np.float32]:
    terms = index.vocab.lookup(analyze(query, bigrams=index.config.bigrams))
    parts = [
        (int(offset), segment.tf, norm)
        for offset, segment, norm in zip(index.offsets, index.segments, index.norms, strict=False)
    ]
    return bm25_scores(terms, parts, index.df, index.passages, len(index.all_ids))


def _dense_scores(
    index: HybridIndex,
    query: str,
    embedder: Embedder | None,
    depth: int,
    mask: npt.NDArray[np.bool_],
    also: list[int],
    vector: Vectors | None = None,
) -> dict[int, float]:
    """Cosine similarity of the top `depth` passages, and of the `also` positions."""
    if (
        index.dim is None
        or embedder is None
        or embedder.name != index.embedder_name
        or index.config.dense_weight == 0
    ):
        return {}
    if vector is None:
        vector = index.query_vector(query, embedder)
    found: list[tuple[float, int]] = []
    for offset, segment in zip(index.offsets.tolist(), index.segments, strict=False):
        if segment.vectors is None or not len(segment):
            continue
        wanted = mask[offset : offset + len(segment)]
        count = int(wanted.sum())
        if not count:
            continue
        params = None
        if count < len(segment):
            bitmap = np.packbits(wanted, bitorder="little")
            params = faiss.SearchParameters()
            params.sel = faiss.IDSelectorBitmap(len(segment), faiss.swig_ptr(bitmap))
        sims, rows = segment.vectors.search(vector, min(depth, count), params=params)
        found.extend(
            (float(s), offset + int(r)) for s, r in zip(sims[0], rows[0], strict=True) if r >= 0
        )
    found.sort(key=lambda pair: (-pair[0], int(index.all_ids[pair[1]])))
    scores = {p: s for s, p in found[:depth]}
    extra = np.asarray([p for p in also if p not in scores], dtype=np.int64)
    owners = np.searchsorted(index.offsets, extra, side="right") - 1
    for segment_no in np.unique(owners).tolist():
        vectors = index.segments[segment_no].vectors
        if vectors is not None:
            positions = extra[owners == segment_no]
            rows = positions - int(index.offsets[segment_no])
            sims = vectors.reconstruct_batch(rows) @ vector[0]
            scores.update(zip(positions.tolist(), sims.tolist(), strict=True))
    return scores
