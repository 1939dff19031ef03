"""The index updated in place: exact BM25 across segments, the same results as one build."""

from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest

from retrieval.search.embedders import Vectors
from retrieval.search.index import HybridIndex, SearchConfig
from retrieval.search.lexical import bm25_index
from retrieval.search.ranking import Hit
from retrieval.text import analyze, fold, syllables

TOPICS = [
    "đăng ký tạm trú tại công an xã",
    "lệ phí chứng thực bản sao từ bản chính",
    "cấp giấy phép xây dựng nhà ở riêng lẻ",
    "quản lý con dấu của cơ quan nhà nước",
    "thủ tục đăng ký kết hôn có yếu tố nước ngoài",
    "trích lục hộ tịch và sổ hộ tịch điện tử",
    "giải quyết khiếu nại của công dân",
    "thời hạn nộp hồ sơ thuế thu nhập cá nhân",
]
QUERIES = [
    "Hồ sơ đăng ký tạm trú gồm những gì?",
    "le phi chung thuc ban sao",
    "thời hạn cấp giấy phép xây dựng",
    "ai quản lý con dấu",
    "dang ky ket hon voi nguoi nuoc ngoai",
    "khiếu nại công dân giải quyết trong bao lâu",
    "sổ hộ tịch",
]


def passages(count: int, seed: int) -> list[str]:
    """Deterministic Vietnamese passages of mixed topics and lengths."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        words = [w for t in rng.sample(TOPICS, 3) for w in t.split()]
        rng.shuffle(words)
        out.append(f"Điều {n + 1}. {rng.choice(TOPICS)}\n" + " ".join(words[: rng.randint(8, 30)]))
    return out


class HashEmbedder:
    """Vectors from hashed folded syllables: deterministic, cheap, similar for similar text."""

    name = "hash-test"
    dim = 32

    def _vector(self, text: str) -> Vectors:
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in syllables(fold(text)):
            vector[int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim] += 1.0
        return vector / max(float(np.linalg.norm(vector)), 1e-9)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> Vectors:
        return self._vector(text)[None, :]


def assert_same_hits(got: list[Hit], expected: list[Hit]) -> None:
    """Same chunks in the same order, scores equal to float precision."""
    assert [h.chunk_id for h in got] == [h.chunk_id for h in expected]
    for a, b in zip(got, expected, strict=True):
        assert a.score == pytest.approx(b.score, rel=1e-5, abs=1e-6)
        assert a.bm25_score == pytest.approx(b.bm25_score, rel=1e-5, abs=1e-6)
        assert (a.bm25_rank, a.dense_rank) == (b.bm25_rank, b.dense_rank)


CONFIG = SearchConfig(candidates=1000)


def test_bm25_across_segments_equals_bm25s_over_the_live_passages() -> None:
    """Scores from three segments with removals are bm25s's over the passages left."""
    texts = passages(120, seed=1)
    ids = list(range(1, 121))
    index = HybridIndex.empty(CONFIG, None, 0)
    for start in (0, 50, 90):
        batch = slice(start, {0: 50, 50: 90, 90: 120}[start])
        index = index.changed(ids[batch], texts[batch], None, None, (), 1)
    removed = {3, 17, 55, 56, 99, 120}
    index = index.changed([], [], None, None, removed, 2)
    live = [i for i in ids if i not in removed]
    assert index.chunk_ids.tolist() == live
    reference = bm25_index([analyze(texts[i - 1]) for i in live], CONFIG.k1, CONFIG.b)
    vocab = reference.vocab_dict
    for query in QUERIES:
        tokens = [vocab[t] for t in analyze(query) if t in vocab]
        expected = dict(zip(live, reference.get_scores(tokens).tolist(), strict=True))
        hits = index.search(query, k=1000)
        assert hits
        for hit in hits:
            assert hit.bm25_score == pytest.approx(expected[hit.chunk_id], rel=1e-5)
        assert {h.chunk_id for h in hits} == {c for c, s in expected.items() if s > 0}


@pytest.mark.parametrize("fusion", ["zscore", "rrf"])
def test_changes_in_place_equal_one_build(fusion: str) -> None:
    """Add, remove, add again, merge: every step searches as one index built at once over the
    same chunks, with vectors, article groups, filters and queries typed without accents."""
    config = SearchConfig(fusion=fusion)
    embedder = HashEmbedder()
    texts = passages(90, seed=2)
    ids = list(range(10, 100))
    groups = [i - i % 3 for i in ids]  # three clauses per article
    vectors = embedder.embed_passages(texts)
    state: dict[int, int] = {}  # chunk id -> its position in texts

    def full() -> HybridIndex:
        chosen = sorted(state)
        rows = [state[c] for c in chosen]
        return HybridIndex.build(
            chosen,
            [texts[r] for r in rows],
            vectors[rows],
            config,
            embedder.name,
            5,
            groups=[groups[r] for r in rows],
        )

    def check(index: HybridIndex) -> None:
        reference = full()
        assert index.chunk_ids.tolist() == sorted(state)
        assert index.accents.to_json() == reference.accents.to_json()
        assert (index.accents.forms, index.accents.total) == (
            reference.accents.forms,
            reference.accents.total,
        )
        allowed = set(list(state)[::2])
        for query in QUERIES:
            assert_same_hits(index.search(query, embedder), reference.search(query, embedder))
            assert_same_hits(
                index.search(query, embedder, allowed=allowed),
                reference.search(query, embedder, allowed=allowed),
            )

    index = HybridIndex.empty(config, embedder.name, 0)
    index.dim = embedder.dim
    for part, gone in (
        (range(0, 45), set()),
        (range(45, 60), {12, 13, 14, 30}),
        (range(60, 90), {61, 68}),
    ):
        rows = list(part)
        for chunk in gone:
            state.pop(chunk)
        state.update({ids[r]: r for r in rows})
        index = index.changed(
            [ids[r] for r in rows],
            [texts[r] for r in rows],
            vectors[rows],
            [groups[r] for r in rows],
            gone,
            5,
        )
        check(index)
    assert len(index.segments) == 3 and index.dead_share() > 0
    merged = index.merged([1, 2])
    assert len(merged.segments) == 2
    check(merged)
    whole = index.merged()
    assert len(whole.segments) == 1 and whole.dead_share() == 0
    check(whole)


def test_a_snapshot_never_changes_under_its_readers() -> None:
    """A change makes a new snapshot; the old one keeps its chunks, statistics and results."""
    texts = passages(30, seed=3)
    old = HybridIndex.build(list(range(30)), texts, None, CONFIG, None, 1)
    before = [old.search(q) for q in QUERIES]
    new = old.changed([100, 101], passages(2, seed=4), None, None, {0, 1, 2}, 2)
    assert len(new) == 29 and len(old) == 30
    assert [old.search(q) for q in QUERIES] == before
    assert old.revision == 1 and new.revision == 2
