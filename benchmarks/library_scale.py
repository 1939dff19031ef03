"""Benchmark the index kept in place on large libraries: one more document into 2k-50k passages.

For each size, a library of that many passages is stored straight into the chunks table:
the articles of ../shared/data/retrieval (alqac2022 + lter2023, split as the library splits
them) with their real vectors, then generated passages (sentences of 2-3 random articles
recombined; their vector is the normalised mean of their articles' vectors with a little
noise, so no model runs for them). Then, with a reader thread querying continuously, three
real documents (bundled samples) go one at a time through `Library.ingest` (read, embed,
store, index); a second process on the same database, already serving with its index loaded
(copied from the first's, as after a restart), polls until it finds each one. Printed per
size: the first build and the other process's load of the index, the ingest and its index
refresh, the time until the document is found in this process and in the other (the worst
of the three documents), query p50/p95 idle and during the ingests (from the start of an
ingest until both processes find the document), and the peak RSS of both processes.

    .venv/bin/python -m benchmarks.library_scale                    # 2k and 20k passages
    .venv/bin/python -m benchmarks.library_scale --sizes 2000,20000,50000
    .venv/bin/python -m benchmarks.library_scale --database-url postgresql+psycopg://...

The article vectors are cached in --cache (the `vanthu eval retrieval` cache format, so
pointing it at data_dir/eval-cache reuses the vectors of the evaluation): the first run
embeds about 3,900 passages, some 11 minutes at the 6 passages a second of a quiet two-core
machine (an hour when the machine is busy). A size then takes 1-4 minutes (50k passages: about
40 s to store them, 30-130 s for the first index build). Exits 1 when a target is missed.
OMP_NUM_THREADS=1 (see docs/measurements.md) keeps concurrent embeddings from fighting.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.database import open_database
from bot.settings import Settings
from bot.wiring import make_embedder, search_config
from retrieval.documents.readers import load_path, read_bytes
from retrieval.documents.structure import parse_document, split_passage
from retrieval.search.embedders import Embedder
from retrieval.search.evaluate import embed_cached, load_beir
from retrieval.search.index import HybridIndex
from retrieval.search.library import Library
from retrieval.search.saved import SavedIndex
from retrieval.search.store import Chunk, Document, bump_revision, get_or_create_collection

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "retrieval"
SAMPLES = [
    Path(__file__).resolve().parents[1] / "bot" / "samples" / name
    for name in (
        "qd-12-2025-tiep-cong-dan.md",
        "nd-45-2024-dang-ky-khai-sinh.md",
        "tt-08-2025-dang-ky-thuong-tru.md",
    )
]
SETS = ("alqac2022", "lter2023")
PER_DOCUMENT = 20  # passages per stored document
TARGET_SAME_S, TARGET_OTHER_S, TARGET_P95_RATIO = 5.0, 10.0, 1.5
IDLE_S = 8.0
WINDOWS: list[tuple[float, float]] = []  # when this process's index refreshes ran


def base_passages(
    size: int, embedder: Embedder, cache: Path, sets: list[str]
) -> tuple[list[str], np.ndarray]:
    """`size` passages and their vectors: real articles first, then recombined ones."""
    texts: list[str] = []
    for name in sets:
        data = load_beir(DATA / name)
        texts += [p for t in data.corpus_texts for p in split_passage(t, 1800)]
    vectors = embed_cached(embedder, texts, cache)
    rng = random.Random(size)
    sentences = [re.split(r"(?<=[.;:])\s+", t) for t in texts]
    out, out_vectors = texts[:size], [vectors[: min(size, len(texts))]]
    for n in range(size - len(out)):
        sources = rng.sample(range(len(texts)), rng.randint(2, 3))
        picked = [s for i in sources for s in rng.sample(sentences[i], min(3, len(sentences[i])))]
        rng.shuffle(picked)
        out.append(f"Điều {n + 1}. " + " ".join(picked)[:1700])
        mixed = vectors[sources].mean(axis=0) + np.random.default_rng(n).normal(0, 0.02, 384)
        out_vectors.append((mixed / np.linalg.norm(mixed))[None, :].astype(np.float32))
    return out, np.concatenate(out_vectors)


def store_base(url: str, texts: list[str], vectors: np.ndarray, model: str) -> None:
    """Documents of PER_DOCUMENT passages each, straight into the tables, one transaction."""
    engine = open_database(url, auto_upgrade=False)
    with Session(engine) as session, session.begin():
        owner = get_or_create_collection(session, "bench")
        for start in range(0, len(texts), PER_DOCUMENT):
            document = Document(
                collection=owner,
                source=f"bench://{start // PER_DOCUMENT}",
                title=f"Văn bản {start // PER_DOCUMENT}",
                number=None,
                content_hash=f"{start:064}",
                file_type="txt",
            )
            session.add(document)
            session.flush()
            rows = [
                {
                    "document_id": document.id,
                    "ordinal": i,
                    "heading": "",
                    "article": f"Điều {i + 1}",
                    "section": None,
                    "page": None,
                    "text": texts[start + i],
                    "embedding": vectors[start + i].tobytes(),
                    "embedding_model": model,
                }
                for i in range(min(PER_DOCUMENT, len(texts) - start))
            ]
            session.execute(insert(Chunk), rows)
        bump_revision(session)
    engine.dispose()


def serve(args: argparse.Namespace) -> None:
    """The second process: load the index, say ready; then for each "query<TAB>source" line
    read, poll until a search finds that document and say when."""
    settings = Settings()
    started = time.perf_counter()
    library = Library(
        open_database(args.database_url, auto_upgrade=False),
        args.index,
        search_config(settings),
        make_embedder(settings),
    )
    library.ready_index()
    library.search("thủ tục hành chính")
    print(json.dumps({"ready_s": time.perf_counter() - started}), flush=True)
    refreshes = time_refreshes(library)
    latencies = []
    for line in sys.stdin:
        query, source = line.rstrip("\n").split("\t")
        while True:
            begin = time.perf_counter()
            hits = library.search(query, k=5)
            latencies.append((time.perf_counter() - begin) * 1000)
            if any(h.source == source for h in hits):
                break
            time.sleep(0.1)
        report = {
            "found": time.time(),
            "refresh_s": max(refreshes, default=0.0),
            "p95_ms": float(np.percentile(latencies, 95)),
            "rss_mb": peak_rss_mb(),
        }
        refreshes.clear()
        print(json.dumps(report), flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not carry over
    the parent's peak into a child started by fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_refreshes(library: Library) -> list[float]:
    """Seconds of each index refresh of this library from now on (the catch-up only); the
    windows (start, end) are kept in WINDOWS."""
    keeper = library._keeper
    durations: list[float] = []
    refresh = keeper._refresh

    def timed() -> HybridIndex:
        begin = time.perf_counter()
        try:
            return refresh()
        finally:
            durations.append(time.perf_counter() - begin)
            WINDOWS.append((begin, time.perf_counter()))

    setattr(keeper, "_refresh", timed)  # noqa: B010 - wraps one instance's method
    return durations


class Reader(threading.Thread):
    """Queries one after another, recording when each started and how long it took."""

    def __init__(self, library: Library, queries: list[str]) -> None:
        super().__init__(daemon=True)
        self.library, self.queries = library, queries
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            begin = time.perf_counter()
            self.library.search(self.queries[n % len(self.queries)], k=5)
            self.samples.append((begin, (time.perf_counter() - begin) * 1000))
            n += 1

    def between(self, start: float, end: float) -> list[float]:
        """Latencies of the queries that ran (at least partly) in [start, end]."""
        return [ms for at, ms in self.samples if at <= end and at + ms / 1000 >= start]


def run_size(
    size: int, url: str, folder: Path, embedder: Embedder, cache: Path, sets: list[str]
) -> dict[str, Any]:
    """Every figure for one library size."""
    texts, vectors = base_passages(size, embedder, cache, sets)
    store_base(url, texts, vectors, embedder.name)
    settings = Settings()
    library = Library(
        open_database(url, auto_upgrade=False),
        folder / "a" / "index.npz",
        search_config(settings),
        embedder,
    )
    begin = time.perf_counter()
    library.ready_index()
    build_s = time.perf_counter() - begin
    other_path = folder / "b" / "index.npz"
    shutil.copytree(SavedIndex(library.index_path).folder, SavedIndex(other_path).folder)
    other = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.library_scale", "--serve", "--database-url", url,
         "--index", str(other_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert other.stdout is not None and other.stdin is not None
    ready = json.loads(other.stdout.readline())
    queries = [q for name in sets for q in load_beir(DATA / name).queries.values()][:400]
    reader = Reader(library, queries)
    reader.start()
    time.sleep(IDLE_S)
    idle_end = time.perf_counter()
    rounds = []
    for sample in SAMPLES:
        file_type, raw = load_path(sample)
        chunks = parse_document(read_bytes(raw, file_type).pages, sample.stem).chunks
        query = " ".join(max(chunks, key=lambda c: len(c.text)).text.split()[:12])
        source = str(sample.resolve())
        other.stdin.write(f"{query}\t{source}\n")
        other.stdin.flush()
        refreshes = time_refreshes(library)
        wall_start, start = time.time(), time.perf_counter()
        result = library.ingest([sample], "bench")[0]
        ingest_s = time.perf_counter() - start
        hits = library.search(query, k=5)
        same_s = time.perf_counter() - start
        done = json.loads(other.stdout.readline())
        other_s = done["found"] - wall_start
        rounds.append(
            {
                "chunks": result.chunks,
                "ingest_s": ingest_s,
                "index_s": sum(refreshes),
                "same_s": same_s if any(h.source == source for h in hits) else float("inf"),
                "other_s": other_s,
                "other_index_s": done["refresh_s"],
                "window": (start, start + max(same_s, other_s)),
            }
        )
        time.sleep(2.0)  # let both processes settle before the next document
    other.stdin.close()
    other.wait(timeout=60)
    reader.stop.set()
    reader.join()
    idle = [ms for at, ms in reader.samples if at + ms / 1000 < idle_end]
    during = [ms for r in rounds for ms in reader.between(*r["window"])]
    refreshing = [ms for window in WINDOWS for ms in reader.between(*window)]
    WINDOWS.clear()
    library.engine.dispose()

    def worst(key: str) -> float:
        return round(max(float(r[key]) for r in rounds), 2)

    return {
        "passages": size,
        "omp_threads": os.environ.get("OMP_NUM_THREADS", "all"),
        "build_s": round(build_s, 1),
        "other_load_s": round(ready["ready_s"], 1),
        "chunks_added": "/".join(str(r["chunks"]) for r in rounds),
        "ingest_s": worst("ingest_s"),
        "index_s": worst("index_s"),
        "same_s": worst("same_s"),
        "other_s": worst("other_s"),
        "other_index_s": worst("other_index_s"),
        "idle_p50": round(float(np.percentile(idle, 50)), 1),
        "idle_p95": round(float(np.percentile(idle, 95)), 1),
        "during_p50": round(float(np.percentile(during, 50)), 1),
        "during_p95": round(float(np.percentile(during, 95)), 1),
        "during_n": len(during),
        "refresh_p95": round(float(np.percentile(refreshing, 95)), 1) if refreshing else None,
        "refresh_n": len(refreshing),
        "rss_mb": round(peak_rss_mb()),
        "other_rss_mb": round(done["rss_mb"]),
        "other_p95": round(done["p95_ms"], 1),
    }


def fresh_database(base: str | None, folder: Path, size: int) -> str:
    """A new empty database: a SQLite file, or a new PostgreSQL database beside `base`."""
    if base is None:
        return f"sqlite:///{folder / 'vanthu.db'}"
    name = f"vanthu_bench_{size}_{int(time.time())}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_database(base: str | None, url: str) -> None:
    """Remove a PostgreSQL database made by fresh_database."""
    if base is None:
        return
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = make_url(url).database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def missed(row: dict[str, Any]) -> list[str]:
    """The targets this size missed."""
    problems = []
    if row["same_s"] > TARGET_SAME_S:
        problems.append(f"same process {row['same_s']} s > {TARGET_SAME_S} s")
    if row["other_s"] > TARGET_OTHER_S:
        problems.append(f"other process {row['other_s']} s > {TARGET_OTHER_S} s")
    if row["during_p95"] > TARGET_P95_RATIO * row["idle_p95"]:
        problems.append(f"p95 during {row['during_p95']} > {TARGET_P95_RATIO} x {row['idle_p95']}")
    return problems


def main() -> None:
    """Run every size, print the table, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--sets", default=",".join(SETS), help="BEIR sets of real articles")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args)
        return
    settings = Settings()
    embedder = make_embedder(settings)
    if embedder is None:
        raise SystemExit("the benchmark needs the embedder (VANTHU_EMBEDDER is none)")
    cache = args.cache or settings.data_dir / "bench-cache"
    rows, failures = [], []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            url = fresh_database(args.database_url, Path(tmp), size)
            try:
                row = run_size(size, url, Path(tmp), embedder, cache, args.sets.split(","))
            finally:
                drop_database(args.database_url, url)
        rows.append(row)
        failures += [f"{size}: {p}" for p in missed(row)]
        print(json.dumps(row), file=sys.stderr, flush=True)
    columns = list(rows[0])
    print(" | ".join(columns))
    for row in rows:
        print(" | ".join(str(row[c]) for c in columns))
    for failure in failures:
        print(f"MISSED {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
