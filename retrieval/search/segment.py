"""One immutable piece of the index: passages with term frequencies, vectors and texts."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import faiss
import numpy as np
import numpy.typing as npt
from scipy import sparse

from retrieval.search.accents import count
from retrieval.search.lexical import TermMatrix, Vocabulary, term_counts, term_matrix, widen
from retrieval.text import analyze

Ids = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Segment:
    """Passages indexed together; never changed once built (removals are tombstones kept by
    the snapshot, and disappear when segments are merged)."""

    chunk_ids: Ids
    groups: Ids | None  # the article of each passage (None: each passage on its own)
    tf: TermMatrix  # term frequencies, columns are ids of the process vocabulary
    lengths: npt.NDArray[np.float64]  # analysed tokens per passage
    vectors: faiss.Index | None
    text_bytes: npt.NDArray[np.uint8]  # the passages in UTF-8, one after another
    text_ends: Ids
    # Accent counts of all the segment's passages: the accent model of a snapshot is their
    # sum less the counts of removed passages, recounted from their texts.
    unigrams: Counter[str]
    bigrams: Counter[str]
    name: str = field(default_factory=lambda: f"seg-{uuid.uuid4().hex}")

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @classmethod
    def build(
        cls,
        chunk_ids: Sequence[int],
        texts: Sequence[str],
        vectors: npt.NDArray[np.float32] | None,
        groups: Sequence[int] | None,
        vocab: Vocabulary,
        *,
        bigrams: bool,
    ) -> Segment:
        """Analyse and index these passages."""
        docs, lengths = [], []
        for text in texts:
            tokens = analyze(text, bigrams=bigrams)
            docs.append(term_counts(vocab.add(tokens)))
            lengths.append(len(tokens))
        encoded = [t.encode() for t in texts]
        unigram_counts, bigram_counts = count(texts)
        return cls(
            chunk_ids=np.asarray(chunk_ids, dtype=np.int64),
            groups=None if groups is None else np.asarray(groups, dtype=np.int64),
            tf=term_matrix(docs, len(vocab)),
            lengths=np.array(lengths, dtype=np.float64),
            vectors=_flat(vectors),
            text_bytes=np.frombuffer(b"".join(encoded), dtype=np.uint8),
            text_ends=np.cumsum([len(e) for e in encoded], dtype=np.int64),
            unigrams=unigram_counts,
            bigrams=bigram_counts,
        )

    def text(self, row: int) -> str:
        """The indexed text of one passage."""
        start = int(self.text_ends[row - 1]) if row else 0
        return self.text_bytes[start : int(self.text_ends[row])].tobytes().decode()

    def vectors_of(self, rows: Ids) -> npt.NDArray[np.float32] | None:
        """The stored vectors of some rows."""
        if self.vectors is None:
            return None
        if not len(rows):
            return np.zeros((0, self.vectors.d), dtype=np.float32)
        stored: npt.NDArray[np.float32] = self.vectors.reconstruct_batch(rows)
        return stored

    def save(self, path: Path, vocab: Vocabulary, meta: dict[str, Any]) -> None:
        """Write the segment to one file atomically: temporary file, fsync, rename."""
        used = np.flatnonzero(np.diff(self.tf.indptr))
        local = self.tf[:, used]  # only the terms this segment holds, renumbered from 0
        terms = "\n".join(vocab.terms(used)).encode()  # terms are \\w runs: never a newline
        arrays: dict[str, Any] = {
            "meta": np.array(json.dumps(meta)),
            "chunk_ids": self.chunk_ids,
            "tf_data": local.data,
            "tf_indices": local.indices,
            "tf_indptr": local.indptr,
            "terms": np.frombuffer(terms, dtype=np.uint8),
            "lengths": self.lengths,
            "text_bytes": self.text_bytes,
            "text_ends": self.text_ends,
            "accents": np.array(
                json.dumps({"u": self.unigrams, "b": self.bigrams}, ensure_ascii=False)
            ),
        }
        if self.groups is not None:
            arrays["groups"] = self.groups
        vectors = self.vectors_of(np.arange(len(self), dtype=np.int64))
        if vectors is not None:
            arrays["vectors"] = vectors
        write_atomically(path, arrays)

    @classmethod
    def load(cls, path: Path, vocab: Vocabulary) -> tuple[Segment, dict[str, Any]]:
        """Read a segment file and its meta; OSError, ValueError or KeyError when damaged."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            chunk_ids = data["chunk_ids"].astype(np.int64)
            terms = data["terms"].tobytes().decode()
            ids = vocab.add(terms.split("\n") if terms else [])
            indptr, indices = data["tf_indptr"], data["tf_indices"]
            tf_data = data["tf_data"].astype(np.float32)
            shape = (len(chunk_ids), len(vocab))
            if len(indptr) != len(ids) + 1 or (len(indices) and indices.max() >= len(chunk_ids)):
                raise ValueError("term frequencies do not fit the passages")
            if np.array_equal(ids, np.arange(len(ids))):  # the first segment of a process
                tf = widen(
                    sparse.csc_matrix((tf_data, indices, indptr), shape=(shape[0], len(ids))),
                    shape[1],
                )
            else:
                cols = np.repeat(ids, np.diff(indptr))
                tf = sparse.coo_matrix((tf_data, (indices, cols)), shape=shape).tocsc()
            accents = json.loads(str(data["accents"]))
            groups = data["groups"].astype(np.int64) if "groups" in data else None
            vectors = data["vectors"].astype(np.float32) if "vectors" in data else None
            segment = cls(
                chunk_ids=chunk_ids,
                groups=groups,
                tf=tf,
                lengths=data["lengths"].astype(np.float64),
                vectors=_flat(vectors),
                text_bytes=data["text_bytes"].astype(np.uint8),
                text_ends=data["text_ends"].astype(np.int64),
                unigrams=Counter(accents["u"]),
                bigrams=Counter(accents["b"]),
                name=path.stem,
            )
        parts = {
            "length": segment.lengths,
            "text": segment.text_ends,
            "group": groups,
            "vector": vectors,
        }
        for part, values in parts.items():
            if values is not None and len(values) != len(chunk_ids):
                raise ValueError(f"{part} count differs from chunk count in {path.name}")
        return segment, meta


def merge(parts: Sequence[tuple[Segment, npt.NDArray[np.bool_]]], width: int) -> Segment:
    """One segment of the live rows (the mask of each part), in chunk-id order; the accent
    counts of dead rows are taken away, nothing is analysed again."""
    ids = np.concatenate([s.chunk_ids[live] for s, live in parts])
    order = np.argsort(ids, kind="stable")
    grouped = all(s.groups is not None for s, _ in parts)
    groups = (
        np.concatenate([s.groups[live] for s, live in parts if s.groups is not None])[order]
        if grouped
        else None
    )
    tf = sparse.vstack([widen(s.tf, width)[np.flatnonzero(live)] for s, live in parts]).tocsc()
    tf = tf[order]
    lengths = np.concatenate([s.lengths[live] for s, live in parts])[order]
    texts = [s.text(int(r)) for s, live in parts for r in np.flatnonzero(live)]
    texts = [texts[i] for i in order.tolist()]
    encoded = [t.encode() for t in texts]
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    dead: list[str] = []
    for segment, live in parts:
        unigrams.update(segment.unigrams)
        bigrams.update(segment.bigrams)
        dead.extend(segment.text(int(r)) for r in np.flatnonzero(~live))
    gone_unigrams, gone_bigrams = count(dead)
    unigrams.subtract(gone_unigrams)
    bigrams.subtract(gone_bigrams)
    vectors = None
    if all(s.vectors is not None for s, _ in parts):
        blocks = [s.vectors_of(np.flatnonzero(live).astype(np.int64)) for s, live in parts]
        vectors = np.concatenate([b for b in blocks if b is not None])[order]
    return Segment(
        chunk_ids=ids[order],
        groups=groups,
        tf=tf,
        lengths=lengths,
        vectors=_flat(vectors),
        text_bytes=np.frombuffer(b"".join(encoded), dtype=np.uint8),
        text_ends=np.cumsum([len(e) for e in encoded], dtype=np.int64),
        unigrams=+unigrams,  # unary plus drops the counts that fell to zero
        bigrams=+bigrams,
    )


def _flat(vectors: npt.NDArray[np.float32] | None) -> faiss.Index | None:
    if vectors is None:
        return None
    flat = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return flat


def write_atomically(path: Path, arrays: dict[str, Any]) -> None:
    """np.savez the arrays to `path` atomically (see `replace_file`)."""
    replace_file(path, lambda handle: np.savez(handle, **arrays))


def replace_file(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a temporary file beside `path`, fsync, rename over it, fsync the folder: a
    reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_dir(path: Path) -> None:
    """Make a rename in this folder durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
