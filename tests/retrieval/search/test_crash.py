"""An ingest process killed at any point, then run again: no duplicates, a library that searches."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from retrieval.search.store import Chunk, Document
from tests.databases import migrated_engine

FILES = 60


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for n in range(FILES):
        (folder / f"qd-{n:03}.txt").write_text(
            f"QUYẾT ĐỊNH\nVề việc số {n}\n"
            f"Điều 1. Nội dung\nMã hồ sơ HS{n:03}X được giải quyết trong {n + 1} ngày.\n"
            f"Điều 2. Hiệu lực\nQuyết định {n} có hiệu lực kể từ ngày ký.\n",
            encoding="utf-8",
        )


def _ingest(data_dir: Path, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VANTHU_DATA_DIR": str(data_dir), "VANTHU_EMBEDDER": "none"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def _kill_when(process: subprocess.Popen[bytes], db: Path, at_least: int) -> None:
    deadline = time.monotonic() + 60
    while _documents(db) < at_least and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def _check(library: Library) -> tuple[int, int]:
    with Session(library.engine) as session:
        documents = session.scalar(select(func.count(Document.id))) or 0
        sources = session.scalar(select(func.count(func.distinct(Document.source)))) or 0
        chunks = session.scalar(select(func.count(Chunk.id))) or 0
    assert documents == sources, "a source was stored twice"
    assert chunks == 2 * documents, "a document lost or doubled its chunks"
    index = library.ready_index()
    assert len(index) == chunks
    return documents, chunks


def test_killed_ingest_recovers_without_duplicates(tmp_path: Path) -> None:
    """SIGKILL at several points mid-ingest; each state is consistent and the rerun completes."""
    folder, data_dir = tmp_path / "docs", tmp_path / "data"
    _write_corpus(folder)
    db = data_dir / "vanthu.db"
    seen = []
    for at_least in (1, 15, 35):
        _kill_when(_ingest(data_dir, folder), db, at_least)
        library = Library(
            migrated_engine(f"sqlite:///{db}"), data_dir / "index.npz", SearchConfig(), None
        )
        documents, _ = _check(library)
        seen.append(documents)
        library.engine.dispose()
    assert seen[0] < FILES, "the first kill should land mid-ingest"

    finished = _ingest(data_dir, folder)
    assert finished.wait(timeout=120) == 0
    library = Library(
        migrated_engine(f"sqlite:///{db}"), data_dir / "index.npz", SearchConfig(), None
    )
    assert _check(library) == (FILES, 2 * FILES)
    hit = library.search("mã hồ sơ HS059X", k=1)[0]
    assert hit.source.endswith("qd-059.txt")
    assert hit.article == "Điều 1"
