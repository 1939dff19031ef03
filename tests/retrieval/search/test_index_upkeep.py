"""The library's index kept in place on real SQLite and PostgreSQL: two library instances on
one database stand for two processes; the results always equal a fresh full build."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from retrieval.errors import IndexMismatch
from retrieval.search import keeper, segment
from retrieval.search.index import HybridIndex, SearchConfig
from retrieval.search.library import Library
from retrieval.search.saved import MANIFEST, SavedIndex
from retrieval.text import analyze
from tests.databases import migrated_engine
from tests.retrieval.search.test_incremental import (
    QUERIES,
    HashEmbedder,
    assert_same_hits,
    passages,
)


def open_library(url: str, index_path: Path) -> Library:
    """A library with the hashing embedder, so that the dense side is kept in step too."""
    return Library(migrated_engine(url), index_path, SearchConfig(), HashEmbedder())


def write_document(folder: Path, name: str, seed: int, articles: int = 4) -> Path:
    """A text file of a few articles (some long enough to be split into clauses)."""
    path = folder / f"{name}.txt"
    body = "\n".join(passages(articles, seed))
    path.write_text(f"QUYẾT ĐỊNH\nVề {name}\n{body}\n", encoding="utf-8")
    return path


def count_analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts analysed for indexing from now on."""
    analysed: list[str] = []

    def recording(text: str, *, bigrams: bool = True) -> list[str]:
        analysed.append(text)
        return analyze(text, bigrams=bigrams)

    monkeypatch.setattr(segment, "analyze", recording)
    return analysed


def assert_searches_like_a_fresh_build(library: Library, url: str, tmp_path: Path) -> None:
    """Every query, with and without a collection filter, as a library built from nothing."""
    fresh = open_library(url, tmp_path / "fresh" / f"{len(list(tmp_path.iterdir()))}.npz")
    rebuilt = fresh.ready_index()
    index = library.index()
    assert index.chunk_ids.tolist() == rebuilt.chunk_ids.tolist()
    assert index.accents.to_json() == rebuilt.accents.to_json()
    embedder = library.embedder
    for query in QUERIES:
        assert_same_hits(index.search(query, embedder), rebuilt.search(query, embedder))
        assert [e.chunk_id for e in library.search(query, collections=["a"])] == [
            e.chunk_id for e in fresh.search(query, collections=["a"])
        ]
    fresh.engine.dispose()


def test_another_process_takes_changes_in_without_a_rebuild(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B reads what A added, updated and removed, analysing only the new passages, and
    searches exactly as a fresh build; A's own index is in step after each call."""
    docs = tmp_path / "docs"
    docs.mkdir()
    a = open_library(database_url, tmp_path / "a" / "index.npz")
    b = open_library(database_url, tmp_path / "b" / "index.npz")
    a.ingest([write_document(docs, f"qd-{n}", n) for n in range(3)], "a")
    a.ingest([write_document(docs, "khac", 9)], "b")
    before = b.ready_index()
    assert_searches_like_a_fresh_build(b, database_url, tmp_path)

    analysed = count_analysed(monkeypatch)
    added = a.ingest([write_document(docs, "qd-new", 20)], "a")[0]
    updated = a.ingest([write_document(docs, "qd-1", 21, articles=6)], "a")[0]
    assert (added.status, updated.status) == ("added", "updated")
    a.remove(str(docs / "qd-0.txt"))
    assert_searches_like_a_fresh_build(a, database_url, tmp_path)
    analysed.clear()
    after = b.ready_index()
    assert len(analysed) == added.chunks + updated.chunks  # those two documents only
    assert after.segments[0] is before.segments[0]  # the first passages were not touched
    assert_searches_like_a_fresh_build(b, database_url, tmp_path)


def test_a_search_never_waits_for_a_refresh(database_url: str, tmp_path: Path) -> None:
    """While B refreshes, B's searches answer from the index it has; then the change shows."""
    docs = tmp_path / "docs"
    docs.mkdir()
    a = open_library(database_url, tmp_path / "a" / "index.npz")
    b = open_library(database_url, tmp_path / "b" / "index.npz")
    a.ingest([write_document(docs, "qd-1", 1)], "a")
    old = b.ready_index()
    a.ingest([write_document(docs, "qd-2", 2)], "a")
    with b._keeper._lock:  # a refresh under way
        b.search("đăng ký tạm trú")  # would deadlock if it waited
        assert b._keeper.serving() is old
    assert len(b.ready_index()) > len(old)


def test_searches_during_changes_see_whole_states_only(database_url: str, tmp_path: Path) -> None:
    """Readers searching while documents come and go never fail, and every index they get
    holds exactly the chunks of one state the database had."""
    docs = tmp_path / "docs"
    docs.mkdir()
    writer = open_library(database_url, tmp_path / "w" / "index.npz")
    reader = open_library(database_url, tmp_path / "r" / "index.npz")
    writer.ingest([write_document(docs, "qd-0", 0)], "a")
    states = [frozenset(writer.index().chunk_ids.tolist())]
    reader.ready_index()
    done = threading.Event()
    failures: list[BaseException] = []
    seen: list[frozenset[int]] = []

    def read() -> None:
        try:
            while not done.is_set():
                for query in QUERIES[:3]:
                    reader.search(query)
                seen.append(frozenset(reader._keeper.serving().chunk_ids.tolist()))
        except BaseException as exc:  # reported by the test thread
            failures.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for n in range(1, 7):
            writer.ingest([write_document(docs, f"qd-{n}", n)], "a")
            states.append(frozenset(writer.index().chunk_ids.tolist()))
            if n % 2 == 0:
                writer.remove(str(docs / f"qd-{n - 1}.txt"))
                states.append(frozenset(writer.index().chunk_ids.tolist()))
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert not failures, failures
    assert seen and set(seen) <= set(states)
    assert frozenset(reader.ready_index().chunk_ids.tolist()) == states[-1]


def test_one_refresh_at_a_time(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Threads asking for a refresh at once never run two catch-ups together."""
    docs = tmp_path / "docs"
    docs.mkdir()
    library = open_library(database_url, tmp_path / "index.npz")
    other = open_library(database_url, tmp_path / "other.npz")
    library.ready_index()
    active, most = [0], [0]
    guard = threading.Lock()
    real = keeper.IndexKeeper._catch_up

    def counting(self: keeper.IndexKeeper, base: HybridIndex) -> HybridIndex:
        with guard:
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            threading.Event().wait(0.05)  # widens the window in which a second would start
            return real(self, base)
        finally:
            with guard:
                active[0] -= 1

    monkeypatch.setattr(keeper.IndexKeeper, "_catch_up", counting)
    other.ingest([write_document(docs, "qd-1", 1)], "a")
    threads = [threading.Thread(target=library.refresh_index) for _ in range(4)]
    threads += [threading.Thread(target=library.search, args=("con dấu",)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(library.ready_index()) == len(other.index())
    assert most[0] == 1


@pytest.mark.parametrize("damage", ["manifest", "truncated-segment", "missing-segment"])
def test_a_damaged_saved_index_is_rebuilt(database_url: str, tmp_path: Path, damage: str) -> None:
    """Garbage, a cut file or a lost file: IndexMismatch, then a rebuild from the database."""
    docs = tmp_path / "docs"
    docs.mkdir()
    library = open_library(database_url, tmp_path / "index.npz")
    library.ingest([write_document(docs, "qd-1", 1)], "a")
    library.ingest([write_document(docs, "qd-2", 2)], "a")
    saved = SavedIndex(library.index_path)
    segment_file = sorted(saved.folder.glob("seg-*.npz"))[0]
    if damage == "manifest":
        (saved.folder / MANIFEST).write_bytes(b"{not json")
    elif damage == "truncated-segment":
        segment_file.write_bytes(segment_file.read_bytes()[:200])
    else:
        segment_file.unlink()
    restarted = open_library(database_url, tmp_path / "index.npz")
    with pytest.raises(IndexMismatch):
        restarted.index()
    assert restarted.search("đăng ký tạm trú")
    assert_searches_like_a_fresh_build(restarted, database_url, tmp_path)
    again = open_library(database_url, tmp_path / "index.npz")
    assert len(again.index()) == len(restarted.index())  # the rebuild was saved


def test_a_restart_reads_the_saved_segments_and_catches_up(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two instances share one index folder (two processes of one machine); a third started
    later loads the files, analyses only what changed while it was away, and searches as a
    fresh build. Many small changes are merged into few segments."""
    docs = tmp_path / "docs"
    docs.mkdir()
    path = tmp_path / "shared" / "index.npz"
    first, second = open_library(database_url, path), open_library(database_url, path)
    for n in range(keeper.MAX_SEGMENTS + 3):
        first.ingest([write_document(docs, f"qd-{n}", n)], "a")
    first._keeper.merge()  # merges now, or waits for the background merge under way
    assert len(first.index().segments) <= keeper.MAX_SEGMENTS
    assert_searches_like_a_fresh_build(first, database_url, tmp_path)
    for n in (3, 4, 5):
        first.remove(str(docs / f"qd-{n}.txt"))
    first._keeper.merge()
    assert first.index().dead_share() == 0
    assert_searches_like_a_fresh_build(first, database_url, tmp_path)
    second.ready_index()
    analysed = count_analysed(monkeypatch)
    third = open_library(database_url, path)
    third.ready_index()
    assert analysed == []
    late = second.ingest([write_document(docs, "qd-late", 99)], "a")[0]
    assert len(analysed) == late.chunks  # by the library that stored it
    later = open_library(database_url, path)
    later.ready_index()
    assert len(analysed) == late.chunks  # read back from the folder second wrote
    third.ready_index()
    assert len(analysed) == 2 * late.chunks  # taken in from the database
    assert_searches_like_a_fresh_build(later, database_url, tmp_path)
    assert_searches_like_a_fresh_build(third, database_url, tmp_path)
