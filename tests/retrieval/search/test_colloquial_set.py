"""The colloquial dev set in benchmarks/colloquial: well formed, its gold articles exist, and
its questions are our own words (no run of 8 words taken from a gold article or a shared
question)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from retrieval.search.evaluate import load_beir
from retrieval.text import fold, syllables

ROOT = Path(__file__).resolve().parents[3]
SETS = ("alqac2022", "lter2023")
SHARED = ROOT.parent / "shared" / "data" / "retrieval"
RUN = 8


def shingles(text: str) -> set[tuple[str, ...]]:
    words = syllables(fold(text))
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def test_the_set_is_well_formed() -> None:
    total = 0
    for name in SETS:
        folder = ROOT / "benchmarks" / "colloquial" / name
        rows = [json.loads(line) for line in (folder / "queries.jsonl").open(encoding="utf-8")]
        ids = [r["_id"] for r in rows]
        assert len(ids) == len(set(ids))
        assert all(unicodedata.normalize("NFC", r["text"]) == r["text"] for r in rows)
        judged = {line.split("\t")[0] for line in (folder / "qrels" / "test.tsv").open()}
        assert set(ids) <= judged
        total += len(rows)
    assert total >= 200


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared retrieval sets are not at {SHARED}")
@pytest.mark.parametrize("name", SETS)
def test_gold_articles_exist_and_nothing_is_copied(name: str) -> None:
    shared = load_beir(SHARED / name)
    ours = load_beir(SHARED / name, queries_from=ROOT / "benchmarks" / "colloquial" / name)
    texts = dict(zip(shared.corpus_ids, shared.corpus_texts, strict=True))
    theirs = set().union(*(shingles(q) for q in shared.queries.values()))
    assert len(ours.qrels) == len(ours.queries)
    for qid, relevant in ours.qrels.items():
        assert relevant <= set(texts), qid
        mine = shingles(ours.queries[qid])
        assert not mine & theirs, qid
        for cid in relevant:
            assert not mine & shingles(texts[cid]), (qid, cid)
