"""Keeping a library's index in step with its database, one refresh at a time.

Searches read the current snapshot and never wait for a refresh: a refresh builds the next
snapshot beside it from what changed (chunk ids are never reused, so the set of ids in the
database against the snapshot's tells what was added and removed), then swaps it in.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, Engine, cast, func, select
from sqlalchemy.orm import Session

from retrieval.errors import IndexMismatch
from retrieval.search.embedders import Embedder, Vectors
from retrieval.search.index import HybridIndex, SearchConfig
from retrieval.search.saved import SavedIndex
from retrieval.search.store import Chunk, Document, current_revision

log = logging.getLogger(__name__)

MAX_SEGMENTS = 8  # more, and all but the largest are merged in the background
MAX_DEAD_SHARE = 0.2  # more removed rows than this, and everything is merged
_BATCH = 1000  # ids per IN (...) when fetching added chunks
_ATTEMPTS = 3
_PRIME = 65521  # for the sum of squared ids in `chunk_changes`


class Row(NamedTuple):
    """What the index needs of one chunk."""

    id: int
    title: str
    text: str
    embedding: bytes | None
    embedding_model: str | None
    document_id: int
    article: str | None


def passage_text(title: str, text: str) -> str:
    """What is indexed and embedded for a chunk: the document title gives it context."""
    return f"{title}\n{text}"


def article_groups(rows: Sequence[Row]) -> list[int]:
    """Clauses of one article share a group, numbered by the article's first chunk id; a
    chunk outside any article is its own (a document's chunks are always stored together,
    so the number never depends on what else a refresh reads)."""
    first: dict[tuple[int, str], int] = {}
    for row in rows:
        if row.article:
            key = (row.document_id, row.article)
            first[key] = min(first.get(key, row.id), row.id)
    return [first[(r.document_id, r.article)] if r.article else r.id for r in rows]


class IndexKeeper:
    """The index of one library: served from memory, updated in place, saved beside it."""

    def __init__(
        self, engine: Engine, index_path: Path, config: SearchConfig, embedder: Embedder | None
    ) -> None:
        self.engine = engine
        self.config = config
        self.embedder = embedder
        self.saved = SavedIndex(index_path)
        self._snapshot: HybridIndex | None = None
        self._lock = threading.Lock()  # one refresh (or merge) at a time
        self._merging = threading.Event()

    @property
    def embedder_name(self) -> str | None:
        """The name recorded with stored vectors."""
        return self.embedder.name if self.embedder else None

    def fingerprint(self) -> str:
        """What a usable index must have been built with."""
        return self.config.fingerprint(self.embedder_name)

    def revision(self) -> int:
        """The library's revision in the database."""
        with Session(self.engine) as session:
            return current_revision(session)

    def current(self) -> HybridIndex:
        """The index if it describes the library now (from memory, else the saved files);
        IndexMismatch if it is missing, damaged or stale."""
        revision = self.revision()
        snapshot = self._snapshot
        if snapshot is not None and snapshot.revision == revision:
            return snapshot
        loaded = self._load()
        with Session(self.engine) as session:
            count = session.scalar(select(func.count(Chunk.id))) or 0
        if loaded.revision != revision or len(loaded) != count:
            raise IndexMismatch(f"index at revision {loaded.revision}, library at {revision}")
        self._snapshot = loaded
        return loaded

    def serving(self) -> HybridIndex:
        """The index to search now: the current snapshot, while a change made by another
        process is taken in by a background refresh; built first only if there is none."""
        snapshot = self._snapshot
        if snapshot is None:
            return self.refresh()
        if snapshot.revision != self.revision() and self._lock.acquire(blocking=False):
            threading.Thread(target=self._refresh_and_release, daemon=True).start()
        return snapshot

    def refresh(self) -> HybridIndex:
        """Bring the index up to date with the database, waiting for a refresh under way."""
        with self._lock:
            return self._refresh()

    def _refresh_and_release(self) -> None:
        try:
            self._refresh()
        except Exception:  # a background thread has nobody to raise to
            log.exception("refreshing the index failed; the previous one keeps serving")
        finally:
            self._lock.release()

    def _refresh(self) -> HybridIndex:
        base = self._snapshot
        if base is None:
            try:
                base = self._load()
            except IndexMismatch as exc:
                log.info("building the index from the database: %s", exc)
                base = HybridIndex.empty(self.config, self.embedder_name, 0)
                base.dim = self.embedder.dim if self.embedder else None
        fresh = self._catch_up(base)
        self._snapshot = fresh
        if fresh is not base or base.revision != fresh.revision:
            self.saved.save(fresh, self.fingerprint())
        if _merge_plan(fresh) is not None and not self._merging.is_set():
            self._merging.set()
            threading.Thread(target=self._merge_in_background, daemon=True).start()
        return fresh

    def _load(self) -> HybridIndex:
        loaded = self.saved.load(self.fingerprint())
        if self.embedder is not None and loaded.dim is not None and loaded.dim != self.embedder.dim:
            raise IndexMismatch("the saved vectors have another width")
        loaded.config = self.config  # ranking-only settings may differ from the build's
        return loaded

    def _catch_up(self, base: HybridIndex) -> HybridIndex:
        for attempt in range(_ATTEMPTS):
            with Session(self.engine) as session:
                # The revision first: ids read after it are at least as new, so a change that
                # lands in between is seen again next time rather than missed.
                revision = current_revision(session)
                added, removed = chunk_changes(session, base.chunk_ids)
            if not len(added) and not len(removed):
                return base if base.revision == revision else base.at_revision(revision)
            rows = self._rows(added)
            # Rows gone since the ids were read: a removal landed in between. Read again,
            # so the snapshot is one state the database had, not a mix of two.
            if len(rows) == len(added) or attempt == _ATTEMPTS - 1:
                break
        vectors = self._vectors_for(rows) if self.embedder is not None else None
        return base.changed(
            [r.id for r in rows],
            [passage_text(r.title, r.text) for r in rows],
            vectors,
            article_groups(rows),
            removed.tolist(),
            revision,
        )

    def _rows(self, ids: npt.NDArray[np.int64]) -> list[Row]:
        rows: list[Row] = []
        columns = (
            Chunk.id,
            Document.title,
            Chunk.text,
            Chunk.embedding,
            Chunk.embedding_model,
            Chunk.document_id,
            Chunk.article,
        )
        with Session(self.engine) as session:
            for start in range(0, len(ids), _BATCH):
                batch = ids[start : start + _BATCH].tolist()
                query = select(*columns).join(Document).where(Chunk.id.in_(batch))
                rows.extend(Row(*r) for r in session.execute(query.order_by(Chunk.id)))
        return rows  # a chunk removed since the ids were read is simply not there

    def _vectors_for(self, rows: Sequence[Row]) -> Vectors:
        """Stored vectors where current; the rest embedded now and saved for next time."""
        assert self.embedder is not None
        name = self.embedder.name
        missing = [r for r in rows if r.embedding_model != name or r.embedding is None]
        fresh: dict[int, Vectors] = {}
        if missing:
            vectors = self.embedder.embed_passages([passage_text(r.title, r.text) for r in missing])
            fresh = {r.id: v for r, v in zip(missing, vectors, strict=True)}
            with Session(self.engine) as session, session.begin():
                for chunk in session.scalars(select(Chunk).where(Chunk.id.in_(fresh))):
                    chunk.embedding, chunk.embedding_model = fresh[chunk.id].tobytes(), name
        out = np.zeros((len(rows), self.embedder.dim), dtype=np.float32)
        for i, row in enumerate(rows):
            if row.id in fresh:
                out[i] = fresh[row.id]
            elif row.embedding is not None:
                out[i] = np.frombuffer(row.embedding, dtype=np.float32)
        return out

    def _merge_in_background(self) -> None:
        try:
            self.merge()
        except Exception:
            log.exception("merging index segments failed; the segments keep serving")
        finally:
            self._merging.clear()

    def merge(self) -> HybridIndex | None:
        """Merge small segments (or everything, when many rows are dead) if it is time; the
        merged snapshot holds the same passages and replaces the current one."""
        with self._lock:
            snapshot = self._snapshot
            plan = None if snapshot is None else _merge_plan(snapshot)
            if snapshot is None or plan is None:
                return None
            merged = snapshot.merged(plan)
            self._snapshot = merged
            self.saved.save(merged, self.fingerprint())
            return merged


def _checksum(ids: npt.NDArray[np.int64]) -> tuple[int, int, int]:
    """What `chunk_changes` compares: how many ids, their sum, the sum of their squares modulo a
    prime (small enough never to overflow in SQL)."""
    residues = ids % _PRIME
    return len(ids), int(ids.sum()), int((residues * residues).sum())


def chunk_changes(
    session: Session, known: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(added, removed) chunk ids against the ones an index holds. Ids only grow, so the
    chunks added are usually those past the newest known one; the count and two sums of all
    ids in the database tell whether that is all (no removal, no insert committed late by a
    slower transaction). Only when it is not are all the ids read and compared, so a change
    costs what it adds, not a read of the whole library."""
    newest = int(known.max()) if len(known) else 0
    residue = cast(Chunk.id, BigInteger) % _PRIME  # squared, past PostgreSQL's integer
    stored = session.execute(
        select(
            func.count(Chunk.id),
            func.coalesce(func.sum(Chunk.id), 0),
            func.coalesce(func.sum(residue * residue), 0),
        )
    ).one()
    fresh = np.fromiter(session.scalars(select(Chunk.id).where(Chunk.id > newest)), np.int64)
    expected = np.add(_checksum(known), _checksum(fresh)).tolist()
    if [int(value) for value in stored] == expected:
        return fresh, np.zeros(0, dtype=np.int64)
    ids = np.fromiter(session.scalars(select(Chunk.id)), dtype=np.int64)
    return np.setdiff1d(ids, known), np.setdiff1d(known, ids)


def _merge_plan(index: HybridIndex) -> list[int] | None:
    """The segments to merge, or None when the index is fine as it is."""
    if index.dead_share() > MAX_DEAD_SHARE:
        return list(range(len(index.segments)))
    if len(index.segments) > MAX_SEGMENTS:
        largest = max(range(len(index.segments)), key=lambda i: len(index.segments[i]))
        return [i for i in range(len(index.segments)) if i != largest]
    return None
