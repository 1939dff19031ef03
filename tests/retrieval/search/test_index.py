"""The hybrid index, lexical side: BM25 ranking, diacritics, filters and fusion without vectors."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.search.index import HybridIndex, SearchConfig
from retrieval.text import fold
from tests.retrieval.search.six_passages import IDS, QUERIES, TEXTS, bm25_index, ids_of

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
