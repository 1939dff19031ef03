"""Retrieval evaluation over BEIR-format sets, side by side with a plain BM25 baseline."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from retrieval.documents.structure import split_passage
from retrieval.errors import IndexMismatch
from retrieval.search.colloquial import Glossary, rewrite, shipped_glossary
from retrieval.search.embedders import Embedder, Vectors
from retrieval.search.index import HybridIndex, SearchConfig
from retrieval.search.lexical import bm25_index
from retrieval.text import fold, has_diacritics, syllables

SEPARATOR = "||"


def split_id(corpus_id: str) -> tuple[str, str | None]:
    """(document, article) of a corpus id."""
    document, _, article = corpus_id.partition(SEPARATOR)
    return document, article or None


@dataclass(frozen=True)
class BeirSet:
    """A corpus, its queries and the relevant corpus ids of each query."""

    name: str
    corpus_ids: list[str]
    corpus_texts: list[str]
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    digest: str
    # A document's title by its key (the first part of a corpus id, `split_id`), when the corpus
    # gives one (`metadata.document_title`): the statute sets name documents by number only.
    titles: dict[str, str] = field(default_factory=dict)


def load_beir(directory: Path, split: str = "test", queries_from: Path | None = None) -> BeirSet:
    """Read corpus.jsonl, queries.jsonl and qrels/<split>.tsv; the last two from
    `queries_from` when given (another set of questions over the same corpus)."""
    corpus_file = directory / "corpus.jsonl"
    digest = hashlib.sha256(corpus_file.read_bytes()).hexdigest()[:16]
    ids, texts, titles = [], [], {}
    for line in corpus_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            title, text = row.get("title") or "", row.get("text") or ""
            ids.append(str(row["_id"]))
            if document_title := (row.get("metadata") or {}).get("document_title"):
                titles[split_id(str(row["_id"]))[0]] = str(document_title)
            texts.append(text if not title or text.startswith(title) else f"{title}\n\n{text}")
    questions = queries_from or directory
    queries = {}
    for line in (questions / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            queries[str(row["_id"])] = str(row["text"])
    qrels: dict[str, set[str]] = {}
    rows = (questions / "qrels" / f"{split}.tsv").read_text(encoding="utf-8").splitlines()
    for line in rows[1:]:
        parts = line.split("\t")
        if len(parts) >= 3 and float(parts[2]) > 0 and parts[0] in queries:
            qrels.setdefault(parts[0], set()).add(parts[1])
    name = directory.name
    if queries_from is not None:  # e.g. alqac2022+colloquial
        name = f"{name}+{queries_from.parent.name}"
    return BeirSet(name, ids, texts, queries, qrels, digest, titles)


def metrics(rankings: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """Recall@1/5/10 and MRR@10, averaged over the queries that have judgements."""
    totals = {"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0, "mrr@10": 0.0}
    for qid, relevant in qrels.items():
        ranked = rankings.get(qid, [])[:10]
        for cut in (1, 5, 10):
            totals[f"recall@{cut}"] += len(relevant & set(ranked[:cut])) / len(relevant)
        first = next((i for i, doc in enumerate(ranked, start=1) if doc in relevant), None)
        totals["mrr@10"] += 1.0 / first if first else 0.0
    return {name: round(value / max(1, len(qrels)), 4) for name, value in totals.items()}


def _run(
    search: Callable[[str], list[str]], data: BeirSet, strip: bool
) -> tuple[dict[str, float], dict[str, float]]:
    rankings, latencies = {}, []
    for qid in data.qrels:
        text = fold(data.queries[qid]) if strip else data.queries[qid]
        start = time.perf_counter()
        rankings[qid] = search(text)
        latencies.append((time.perf_counter() - start) * 1000)
    timing = {
        "query_ms_p50": round(float(np.percentile(latencies, 50)), 2),
        "query_ms_p95": round(float(np.percentile(latencies, 95)), 2),
    }
    return metrics(rankings, data.qrels), timing


def embed_cached(embedder: Embedder, texts: list[str], cache_dir: Path) -> Vectors:
    """Passage vectors, reusing any text this embedder has embedded before in cache_dir."""
    digest = hashlib.sha256(embedder.name.encode()).hexdigest()[:12]
    path = cache_dir / f"vectors-{digest}.npz"
    known: dict[str, Vectors] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        fresh = embedder.embed_passages([t for _, t in missing])
        known.update({k: v for (k, _), v in zip(missing, fresh, strict=True)})
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
        tmp.replace(path)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def build_or_load(
    data: BeirSet,
    config: SearchConfig,
    embedder: Embedder | None,
    cache_dir: Path,
    max_chars: int = 1800,
) -> tuple[HybridIndex, list[int], dict[str, float | bool]]:
    """The index of a corpus split into passages as the library splits articles, and the
    article of each passage; from the cache when the corpus and settings match."""
    passages: list[str] = []
    owners: list[int] = []
    for article, text in enumerate(data.corpus_texts):
        pieces = split_passage(text, max_chars)
        passages.extend(pieces)
        owners.extend([article] * len(pieces))
    name = embedder.name if embedder else None
    # The key covers the passages themselves, so a change in splitting never reuses an index
    # whose passages (and their articles) are not these.
    passages_digest = hashlib.sha256("\x00".join(passages).encode()).hexdigest()
    key = hashlib.sha256(
        f"{data.digest}|{passages_digest}|{config.fingerprint(name)}".encode()
    ).hexdigest()[:20]
    path = cache_dir / f"eval-{data.name}-{key}.npz"
    start = time.perf_counter()
    try:
        index = HybridIndex.load(path)
        index.config = config  # same fingerprint; ranking-only settings come from the caller
        info = json.loads(path.with_suffix(".json").read_text())
        return (
            index,
            owners,
            {**info, "cached": True, "load_s": round(time.perf_counter() - start, 3)},
        )
    except (IndexMismatch, OSError, ValueError):
        pass
    vectors = embed_cached(embedder, passages, cache_dir) if embedder else None
    embed_s = time.perf_counter() - start
    index = HybridIndex.build(
        list(range(len(passages))), passages, vectors, config, name, 0, groups=owners
    )
    build_s = time.perf_counter() - start
    info = {
        "passages": len(passages),
        "index_build_s": round(build_s, 2),
        "embed_s": round(embed_s, 2),
        "articles_per_s": round(len(data.corpus_texts) / build_s, 1),
    }
    index.save(path)
    path.with_suffix(".json").write_text(json.dumps(info))
    return index, owners, {**info, "cached": False}


def evaluate(
    data: BeirSet,
    config: SearchConfig,
    embedder: Embedder | None,
    cache_dir: Path,
    *,
    strip_accents: bool = False,
    max_chars: int = 1800,
    glossary: Glossary | None = None,
) -> dict[str, object]:
    """Figures for the configured hybrid search (with the glossary, the shipped one by
    default) and for plain BM25 over syllables."""
    glossary = glossary if glossary is not None else shipped_glossary()
    index, owners, build = build_or_load(data, config, embedder, cache_dir, max_chars)
    ids = data.corpus_ids

    def hybrid(text: str) -> list[str]:
        # The question as the library understands it (chat shorthand, glossary terms); an
        # article ranks where its best passage ranks.
        query = rewrite(text, glossary).query
        vector = None
        if embedder is not None and index.dim is not None:
            vector = index.query_vector(query, embedder, typed_plain=not has_diacritics(text))
        hits = index.search(query, embedder, k=40, vector=vector)
        return list(dict.fromkeys(ids[owners[hit.chunk_id]] for hit in hits))[:10]

    start = time.perf_counter()
    baseline_index = bm25_index([syllables(t) for t in data.corpus_texts], 1.5, 0.75)
    baseline_build = time.perf_counter() - start
    vocab = baseline_index.vocab_dict

    def baseline(text: str) -> list[str]:
        token_ids = [vocab[t] for t in syllables(text) if t in vocab]
        if not token_ids:
            return []
        scores = baseline_index.get_scores(token_ids)
        return [ids[i] for i in np.argsort(-scores, kind="stable")[:10] if scores[i] > 0]

    hybrid_metrics, hybrid_timing = _run(hybrid, data, strip_accents)
    base_metrics, base_timing = _run(baseline, data, strip_accents)
    return {
        "set": data.name,
        "corpus": len(ids),
        "queries": len(data.qrels),
        "no_accents": strip_accents,
        "embedder": embedder.name if embedder else None,
        "hybrid": {**hybrid_metrics, **hybrid_timing, **build},
        "bm25_syllables": {
            **base_metrics,
            **base_timing,
            "index_build_s": round(baseline_build, 2),
        },
        "ratio_mrr@10": round(hybrid_metrics["mrr@10"] / max(base_metrics["mrr@10"], 1e-9), 3),
    }
