"""The index on disk: round trips, replacing a file, and damaged or missing files."""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval.errors import IndexMismatch
from retrieval.search.embedders import Vectors
from retrieval.search.index import FORMAT, HybridIndex, SearchConfig
from tests.retrieval.search.six_passages import IDS, QUERIES, TEXTS, bm25_index


def test_save_load_round_trip(tmp_path: Path) -> None:
    """Loaded from disk, the index searches identically and keeps revision and config."""
    config = SearchConfig(k1=1.5, b=0.6, bigrams=False, fusion="rrf", rrf_k=30.0, candidates=50)
    index = bm25_index(config, revision=42)
    path = tmp_path / "nested" / "index.npz"
    index.save(path)
    loaded = HybridIndex.load(path)
    assert loaded.revision == 42
    assert loaded.config == config
    assert loaded.embedder_name is None and loaded.dim is None
    assert loaded.chunk_ids.tolist() == IDS
    assert loaded.accents.to_json() == index.accents.to_json()
    for query, expected in [*QUERIES, ("ho so dang ky tam tru", 101)]:
        hits = loaded.search(query)
        assert hits == index.search(query)
        assert hits[0].chunk_id == expected
    assert loaded.search("Hồ sơ", allowed={205}) == index.search("Hồ sơ", allowed={205})
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.npz"]
    assert loaded.groups is None


def test_groups_round_trip_and_a_wrong_count_is_index_mismatch(tmp_path: Path) -> None:
    """Article groups are saved with the index; a file whose groups do not fit is rejected."""
    groups = [0, 0, 1, 2, 3, 3]
    index = HybridIndex.build(IDS, TEXTS, None, SearchConfig(), None, 3, groups=groups)
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = HybridIndex.load(path)
    assert loaded.groups is not None and loaded.groups.tolist() == groups
    assert loaded.search("Lệ phí đăng ký") == index.search("Lệ phí đăng ký")
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    bad = tmp_path / "bad.npz"
    np.savez(bad, **{**arrays, "groups": np.array([0, 1], dtype=np.int64)})
    with pytest.raises(IndexMismatch, match="group count"):
        HybridIndex.load(bad)


def test_save_replaces_an_older_file(tmp_path: Path) -> None:
    """Saving over an existing index leaves the new one, and nothing else, in place."""
    path = tmp_path / "index.npz"
    bm25_index(revision=1).save(path)
    HybridIndex.build([5], ["Điều 1. Giờ làm việc"], None, SearchConfig(), None, 2).save(path)
    loaded = HybridIndex.load(path)
    assert loaded.revision == 2
    assert loaded.chunk_ids.tolist() == [5]
    assert [p.name for p in tmp_path.iterdir()] == ["index.npz"]


def test_failed_save_keeps_previous_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """savez failing after writing: the old file is intact, and no .tmp file is left."""
    path = tmp_path / "index.npz"
    bm25_index(revision=1).save(path)
    before = path.read_bytes()
    real_savez = np.savez
    calls: list[int] = []

    def failing_savez(file: Any, *args: Any, **arrays: Any) -> None:
        real_savez(file, *args, **arrays)
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr("retrieval.search.index.np.savez", failing_savez)
    newer = HybridIndex.build([5], ["Điều 1. Giờ làm việc"], None, SearchConfig(), None, 2)
    with pytest.raises(OSError, match="disk full"):
        newer.save(path)
    assert calls == [1]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["index.npz"]
    assert HybridIndex.load(path).revision == 1


def test_failed_first_save_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no previous file, a failed save leaves the folder empty."""

    def failing_savez(file: Any, *args: Any, **arrays: Any) -> None:
        file.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr("retrieval.search.index.np.savez", failing_savez)
    with pytest.raises(OSError):
        bm25_index().save(tmp_path / "index.npz")
    assert list(tmp_path.iterdir()) == []


def test_missing_file_raises_index_mismatch(tmp_path: Path) -> None:
    """No file: IndexMismatch, not FileNotFoundError."""
    with pytest.raises(IndexMismatch):
        HybridIndex.load(tmp_path / "absent.npz")


def _saved_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "good.npz"
    bm25_index().save(path)
    return path.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"this is not an index file at all", id="garbage"),
        pytest.param(lambda data: b"\x93NUMPY" + data[6:200], id="npy-header-garbage"),
        pytest.param(
            lambda data: data[: len(data) // 2],
            id="truncated-half",
        ),
        pytest.param(
            lambda data: data[:100],
            id="truncated-head",
        ),
        pytest.param(
            lambda data: b"",
            id="empty-file",
        ),
    ],
)
def test_damaged_file_raises_index_mismatch(tmp_path: Path, damage: Any) -> None:
    """Truncated or garbage bytes are reported as IndexMismatch, so the library rebuilds."""
    path = tmp_path / "index.npz"
    path.write_bytes(damage(_saved_bytes(tmp_path)))
    with pytest.raises(IndexMismatch):
        HybridIndex.load(path)


def test_other_format_or_missing_arrays_raise_index_mismatch(tmp_path: Path) -> None:
    """A file from another format version, or without the term frequencies, is IndexMismatch."""
    path = tmp_path / "good.npz"
    bm25_index().save(path)
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    assert meta["format"] == FORMAT
    assert meta["config"] == asdict(SearchConfig())

    other = tmp_path / "other.npz"
    np.savez(other, **{**arrays, "meta": np.array(json.dumps({**meta, "format": FORMAT + 1}))})
    with pytest.raises(IndexMismatch, match="format"):
        HybridIndex.load(other)

    partial = tmp_path / "partial.npz"
    np.savez(partial, **{k: v for k, v in arrays.items() if k != "tf_data"})
    with pytest.raises(IndexMismatch):
        HybridIndex.load(partial)


def test_truncated_file_is_a_bad_zip(tmp_path: Path) -> None:
    """What the load bug is about: a truncated .npz is not a readable zip archive."""
    data = _saved_bytes(tmp_path)
    assert zipfile.is_zipfile(tmp_path / "good.npz")
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    assert not zipfile.is_zipfile(tmp_path / "cut.npz")


def test_empty_index_builds_saves_loads_and_searches(tmp_path: Path) -> None:
    """An empty library is valid: nothing indexed, nothing found, across a save and load."""
    index = HybridIndex.build([], [], None, SearchConfig(), None, 0)
    assert len(index) == 0
    assert index.search("đăng ký tạm trú") == []
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = HybridIndex.load(path)
    assert len(loaded) == 0
    assert loaded.revision == 0
    assert loaded.search("đăng ký tạm trú") == []
    assert loaded.search("dang ky", allowed={1}) == []


class NeverEmbeds:
    """An embedder stand-in that fails the test if asked for anything."""

    name = "never"
    dim = 384

    def embed_passages(self, texts: list[str]) -> Vectors:
        raise AssertionError("embed_passages called")

    def embed_query(self, text: str) -> Vectors:
        raise AssertionError("embed_query called")


def test_empty_index_with_vectors_round_trips(tmp_path: Path) -> None:
    """No chunks but a (0, 384) vector block: kept through a save, and no query is embedded."""
    empty = np.zeros((0, 384), dtype=np.float32)
    index = HybridIndex.build([], [], empty, SearchConfig(), "never", 3)
    assert index.dim == 384 and index.embedder_name == "never"
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = HybridIndex.load(path)
    assert loaded.dim == 384 and len(loaded) == 0
    assert loaded.embedder_name == "never"
    assert loaded.search("đăng ký", NeverEmbeds()) == []
