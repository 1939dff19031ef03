"""What another process's change did to the chunks: read cheaply when only chunks were added
past the newest known one, compared in full when anything else moved."""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from retrieval.search.keeper import chunk_changes
from retrieval.search.store import Chunk, Document, get_or_create_collection
from tests.databases import migrated_engine


def store(engine: Engine, ids: list[int]) -> None:
    """Chunks with these ids (as transactions of several processes would have left them)."""
    with Session(engine) as session, session.begin():
        owner = get_or_create_collection(session, "c")
        document = Document(
            collection=owner, source=f"s{ids[0]}", title="t", content_hash="0" * 64, file_type="txt"
        )
        session.add(document)
        session.flush()
        session.add_all(Chunk(id=i, document_id=document.id, ordinal=i, text="x") for i in ids)


def changes(engine: Engine, known: list[int]) -> tuple[list[int], list[int], int]:
    """(added, removed, how many statements read every chunk id)."""
    full_reads: list[str] = []

    def watch(*args: object) -> None:
        statement = str(args[2])
        if "FROM chunks" in statement and "WHERE" not in statement and "count" not in statement:
            full_reads.append(statement)

    event.listen(engine, "before_cursor_execute", watch)
    try:
        with Session(engine) as session:
            added, removed = chunk_changes(session, np.asarray(known, dtype=np.int64))
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    return added.tolist(), removed.tolist(), len(full_reads)


def test_appended_chunks_are_read_alone_and_anything_else_in_full(database_url: str) -> None:
    """New chunks past the newest known one: only they are read. A removal, or a chunk
    committed late with an id below the newest known one: every id is compared."""
    engine = migrated_engine(database_url)
    store(engine, [1, 2, 3, 4, 5, 6, 7, 8, 10])
    known = [1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert changes(engine, known) == ([], [], 0)
    store(engine, [11, 12])
    assert changes(engine, known) == ([11, 12], [], 0)
    known += [11, 12]
    store(engine, [9])  # a slower transaction's chunk, committed after 10, 11 and 12
    assert changes(engine, known) == ([9], [], 1)
    known = sorted([*known, 9])
    with Session(engine) as session, session.begin():
        session.execute(delete(Chunk).where(Chunk.id == 4))
    store(engine, [13])
    assert changes(engine, known) == ([13], [4], 1)
    engine.dispose()


def test_large_ids_are_summed_without_overflow(database_url: str) -> None:
    """Ids whose residue squared passes 2^31 (a library past 46,341 chunks) and sums past 2^31:
    the cheap path still holds on PostgreSQL's 32-bit integers."""
    engine = migrated_engine(database_url)
    ids = [65_520, 65_519, 2_000_000_000, 2_100_000_000]
    store(engine, ids[:3])
    assert changes(engine, ids[:3]) == ([], [], 0)
    store(engine, ids[3:])
    assert changes(engine, ids[:3]) == ([2_100_000_000], [], 0)
    engine.dispose()
