"""Lucene BM25 computed at query time from term-frequency segments, exact across segments.

bm25s bakes the corpus statistics into every stored score, so it cannot take one more
passage without a full rebuild. Here each segment keeps raw term frequencies and the
statistics (passages, document frequencies, mean length) are those of the live passages of
the whole snapshot, so a passage scores exactly as in one index built over everything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

import bm25s
import numpy as np
import numpy.typing as npt
from scipy import sparse

# A scipy.sparse.csc_matrix (scipy ships no type hints): rows are passages, columns term
# ids, values term frequencies.
TermMatrix: TypeAlias = Any


class Vocabulary:
    """Term ids of one process, append-only: a segment's term ids never change meaning, so
    snapshots share one vocabulary and a search ignores ids newer than its snapshot."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._terms: list[str] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._terms)

    def lookup(self, tokens: Iterable[str]) -> list[int]:
        """Ids of the known tokens, in order, repeats kept (BM25 counts a repeated term twice)."""
        ids = self._ids
        return [ids[t] for t in tokens if t in ids]

    def add(self, tokens: Sequence[str]) -> npt.NDArray[np.int64]:
        """Ids of the tokens, new ones appended."""
        with self._lock:  # lookups need no lock: ids are only ever appended
            ids, terms = self._ids, self._terms
            out = np.empty(len(tokens), dtype=np.int64)
            for i, token in enumerate(tokens):
                found = ids.get(token)
                if found is None:
                    found = ids[token] = len(terms)
                    terms.append(token)
                out[i] = found
            return out

    def terms(self, ids: npt.NDArray[np.int64]) -> list[str]:
        """The tokens of these ids."""
        terms = self._terms
        return [terms[i] for i in ids.tolist()]


def term_counts(ids: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct term ids of one analysed passage and how often each occurs."""
    terms, counts = np.unique(ids, return_counts=True)
    return terms, counts


def term_matrix(
    docs: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]], width: int
) -> TermMatrix:
    """Term frequencies of passages given as term_counts (term ids below `width`); built
    from the distinct pairs only, so memory follows the matrix, not the token count."""
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(terms) for terms, _ in docs])
    indices = np.concatenate([terms for terms, _ in docs]) if docs else np.zeros(0, np.int64)
    data = np.concatenate([n for _, n in docs]) if docs else np.zeros(0, np.int64)
    rows = sparse.csr_matrix((data.astype(np.float32), indices, indptr), shape=(len(docs), width))
    return rows.tocsc()


def widen(matrix: TermMatrix, width: int) -> TermMatrix:
    """The same matrix with room for term ids up to `width` (new columns are empty)."""
    if matrix.shape[1] >= width:
        return matrix
    indptr = np.concatenate(
        [matrix.indptr, np.full(width - matrix.shape[1], matrix.indptr[-1], matrix.indptr.dtype)]
    )
    return sparse.csc_matrix((matrix.data, matrix.indices, indptr), shape=(matrix.shape[0], width))


def document_frequencies(matrix: TermMatrix, width: int) -> npt.NDArray[np.int64]:
    """How many passages of the matrix hold each term, for term ids below `width`."""
    counts = np.zeros(width, dtype=np.int64)
    used = np.diff(matrix.indptr)
    counts[: len(used)] = used
    return counts


def bm25_scores(
    term_ids: Sequence[int],
    parts: Sequence[tuple[int, TermMatrix, npt.NDArray[np.float64]]],
    df: npt.NDArray[np.int64],
    passages: int,
    size: int,
) -> npt.NDArray[np.float32]:
    """Lucene BM25 of every position: `parts` are (offset, term frequencies, length norm
    k1 * (1 - b + b * length / mean length)) per segment, df and passages the statistics.
    A repeated query term counts each time, as in bm25s."""
    terms = np.asarray([t for t in term_ids if t < len(df) and df[t] > 0], dtype=np.int64)
    scores = np.zeros(size, dtype=np.float64)
    if not len(terms):  # no term known to this snapshot, or only in removed passages
        return scores.astype(np.float32)
    counts = df[terms].astype(np.float64)
    idf = np.log1p((passages - counts + 0.5) / (counts + 0.5))
    for offset, matrix, norm in parts:
        inside = terms < matrix.shape[1]
        starts, ends = matrix.indptr[terms[inside]], matrix.indptr[terms[inside] + 1]
        spans = ends - starts
        total = int(spans.sum())
        if not total:
            continue
        # Every stored (passage, term) of the query's terms, term after term.
        at = np.repeat(starts - np.cumsum(spans) + spans, spans) + np.arange(total)
        rows = matrix.indices[at]
        tf = matrix.data[at].astype(np.float64)
        weight = np.repeat(idf[inside], spans) * tf / (norm[rows] + tf)
        # bincount adds each passage's terms in query order, whatever the segmentation.
        scores[offset : offset + matrix.shape[0]] += np.bincount(
            rows, weights=weight, minlength=matrix.shape[0]
        )
    return scores.astype(np.float32)


def bm25_index(tokens: list[list[str]], k1: float, b: float) -> bm25s.BM25:
    """A one-off bm25s Lucene BM25 index over pre-analysed documents (the plain baseline of
    the evaluation; an empty corpus is allowed)."""
    model = bm25s.BM25(k1=k1, b=b)
    if not any(tokens):  # bm25s cannot index an empty corpus
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
