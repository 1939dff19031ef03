"""Benchmark the index kept in place on large libraries: one more document into 2k-50k passages.

For each size, a library of that many passages is stored straight into the chunks table:
the articles of ../shared/data/retrieval (alqac2022 + lter2023, split as the library splits
them) with their real vectors, then generated passages (sentences of 2-3 random articles
recombined; their vector is the normalised mean of their articles' vectors with a little
noise, so no model runs for them). Two processes share the database, as an office runs them:
a serving process (the bot, its index loaded as after a restart) answers questions at a steady
pace (--rate, 5 a second) the whole time, and an ingesting process (`vanthu ingest`) takes
three real documents (bundled samples) one at a time through `Library.ingest` (read, embed,
store, index). Printed per size: the first build and the
serving process's load of the index, each ingest and its index refresh, the time until the
document is found in the ingesting process and in the serving one (the worst of the three),
the serving process's question p50/p95 idle and during the ingests (from an ingest's start
until it finds the document), and the peak RSS of both processes.

    .venv/bin/python -m benchmarks.library_scale                    # 2k and 20k passages
    .venv/bin/python -m benchmarks.library_scale --sizes 2000,20000,50000
    .venv/bin/python -m benchmarks.library_scale --database-url postgresql+psycopg://...
    .venv/bin/python -m benchmarks.library_scale --sizes 2000 --real 400   # the quick table's

The article vectors are cached in --cache (the `vanthu eval retrieval` cache format, so
pointing it at data_dir/eval-cache reuses the vectors of the evaluation): the first run
embeds about 3,900 passages, some 11 minutes at the 6 passages a second of a quiet two-core
machine (an hour when the machine is busy). A size then takes 1-4 minutes (50k passages: about
40 s to store them, 30-130 s for the first index build). Exits 1 when a target is missed.
The ingesting process runs with one thread for the model, as `vanthu ingest` does, the serving
one with the default `cpu_threads` (0: every core); see README.
"""

from __future__ import annotations

import argparse
import json
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

from benchmarks.report import DATA, Figures, add_json_argument, exit_with, missing_data
from bot.database import open_database
from bot.settings import Settings
from bot.wiring import for_ingest, make_embedder, search_config
from retrieval.documents.readers import load_path, read_bytes
from retrieval.documents.structure import parse_document, split_passage
from retrieval.search.embedders import Embedder
from retrieval.search.evaluate import embed_cached, load_beir
from retrieval.search.index import HybridIndex
from retrieval.search.library import Library
from retrieval.search.saved import SavedIndex
from retrieval.search.store import Chunk, Document, bump_revision, get_or_create_collection

RETRIEVAL = DATA / "retrieval"
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
POLL_S = 0.5  # how often the serving process looks for the new document (itself a question)


def base_passages(
    size: int, embedder: Embedder, cache: Path, sets: list[str], real: int | None = None
) -> tuple[list[str], np.ndarray]:
    """`size` passages and their vectors: real articles first (the first `real` of them when
    given), then recombined ones."""
    texts: list[str] = []
    for name in sets:
        data = load_beir(RETRIEVAL / name)
        texts += [p for t in data.corpus_texts for p in split_passage(t, 1800)]
    texts = texts[:real]
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
    """The serving process (the bot): load the index, say ready, then answer questions one
    after another (a reader thread) the whole time. For each "query<TAB>source" line read (an
    ingest starts in the other process), poll until a search finds that document and say when.
    At the end of input, the latencies of the reader's questions: before the first ingest
    (idle) and from each ingest's start until the document was found here (during)."""
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
    reader = Reader(library, questions(), args.rate)
    reader.start()
    print(json.dumps({"ready_s": time.perf_counter() - started}), flush=True)
    refreshes = time_refreshes(library)
    windows = []
    for line in sys.stdin:
        query, source = line.rstrip("\n").split("\t")
        begin = time.perf_counter()
        while not any(h.source == source for h in library.search(query, k=5)):
            time.sleep(POLL_S)
        windows.append((begin, time.perf_counter()))
        print(json.dumps({"found": time.time(), "refresh_s": max(refreshes, default=0.0)}))
        sys.stdout.flush()
        refreshes.clear()
    reader.stop.set()
    reader.join()
    idle = [ms for at, ms in reader.samples if at + ms / 1000 < windows[0][0]]
    during = [ms for window in windows for ms in reader.between(*window)]
    print(
        json.dumps(
            {"idle": percentiles(idle), "during": percentiles(during), "rss_mb": peak_rss_mb()}
        )
    )


def questions() -> list[str]:
    """The questions the readers ask, over and over: those of the retrieval sets."""
    return [q for name in SETS for q in load_beir(RETRIEVAL / name).queries.values()][:400]


def percentiles(latencies: list[float]) -> dict[str, float]:
    """p50 and p95 (ms) and how many latencies they come from."""
    return {
        "p50": round(float(np.percentile(latencies, 50)), 1),
        "p95": round(float(np.percentile(latencies, 95)), 1),
        "n": len(latencies),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not carry over
    the parent's peak into a child started by fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_refreshes(library: Library) -> list[float]:
    """Seconds of each index refresh of this library from now on (the catch-up only)."""
    keeper = library._keeper
    durations: list[float] = []
    refresh = keeper._refresh

    def timed() -> HybridIndex:
        begin = time.perf_counter()
        try:
            return refresh()
        finally:
            durations.append(time.perf_counter() - begin)

    setattr(keeper, "_refresh", timed)  # noqa: B010 - wraps one instance's method
    return durations


class Reader(threading.Thread):
    """Questions at a steady pace (`rate` a second, as people ask them, not back to back),
    recording when each started and how long it took."""

    def __init__(self, library: Library, queries: list[str], rate: float) -> None:
        super().__init__(daemon=True)
        self.library, self.queries, self.every = library, queries, 1 / rate
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        n, due = 0, time.perf_counter()
        while not self.stop.wait(max(0.0, due - time.perf_counter())):
            begin = time.perf_counter()
            self.library.search(self.queries[n % len(self.queries)], k=5)
            self.samples.append((begin, (time.perf_counter() - begin) * 1000))
            n, due = n + 1, max(due + self.every, time.perf_counter())

    def between(self, start: float, end: float) -> list[float]:
        """Latencies of the queries that ran (at least partly) in [start, end]."""
        return [ms for at, ms in self.samples if at <= end and at + ms / 1000 >= start]


def run_size(
    size: int,
    url: str,
    folder: Path,
    embedder: Embedder,
    cache: Path,
    sets: list[str],
    rate: float,
    real: int | None,
) -> dict[str, Any]:
    """Every figure for one library size."""
    texts, vectors = base_passages(size, embedder, cache, sets, real)
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
    serving = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.library_scale", "--serve", "--database-url", url,
         "--index", str(other_path), "--rate", str(rate)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert serving.stdout is not None and serving.stdin is not None
    ready = json.loads(serving.stdout.readline())
    time.sleep(IDLE_S)
    rounds = []
    for sample in SAMPLES:
        file_type, raw = load_path(sample)
        chunks = parse_document(read_bytes(raw, file_type).pages, sample.stem).chunks
        query = " ".join(max(chunks, key=lambda c: len(c.text)).text.split()[:12])
        source = str(sample.resolve())
        serving.stdin.write(f"{query}\t{source}\n")
        serving.stdin.flush()
        refreshes = time_refreshes(library)
        wall_start, start = time.time(), time.perf_counter()
        result = library.ingest([sample], "bench")[0]
        ingest_s = time.perf_counter() - start
        hits = library.search(query, k=5)
        same_s = time.perf_counter() - start
        done = json.loads(serving.stdout.readline())
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
    serving.stdin.close()
    served = json.loads(serving.stdout.readline())
    serving.wait(timeout=60)
    library.engine.dispose()

    def worst(key: str) -> float:
        return round(max(float(r[key]) for r in rounds), 2)

    return {
        "passages": size,
        "cpu_threads": settings.cpu_threads,
        "questions_per_s": rate,
        "build_s": round(build_s, 1),
        "other_load_s": round(ready["ready_s"], 1),
        "chunks_added": "/".join(str(r["chunks"]) for r in rounds),
        "ingest_s": worst("ingest_s"),
        "index_s": worst("index_s"),
        "same_s": worst("same_s"),
        "other_s": worst("other_s"),
        "other_index_s": worst("other_index_s"),
        "serving_idle_p50": served["idle"]["p50"],
        "serving_idle_p95": served["idle"]["p95"],
        "serving_during_p50": served["during"]["p50"],
        "serving_during_p95": served["during"]["p95"],
        "serving_during_n": served["during"]["n"],
        "rss_mb": round(peak_rss_mb()),
        "serving_rss_mb": round(served["rss_mb"]),
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


def check_size(figures: Figures, row: dict[str, Any]) -> None:
    """The rows of one size: the three targets, and the figures behind them."""
    size = f"{row['passages']:,} passages"
    figures.report(f"{size}: first build, ingest (s)", f"{row['build_s']}, {row['ingest_s']}")
    figures.at_most(
        f"{size}: found in the same process (s)", row["same_s"], TARGET_SAME_S, timing=True
    )
    figures.at_most(
        f"{size}: found in the serving process (s)", row["other_s"], TARGET_OTHER_S, timing=True
    )
    idle, during = row["serving_idle_p95"], row["serving_during_p95"]
    figures.report(
        f"{size}: serving p50 idle / during (ms)",
        f"{row['serving_idle_p50']} / {row['serving_during_p50']}",
    )
    figures.check(
        f"{size}: serving p95 during / idle (ms)",
        f"{during} / {idle} = {during / idle:.2f}x",
        f"<= {TARGET_P95_RATIO}x",
        during <= TARGET_P95_RATIO * idle,
        timing=True,
    )
    figures.report(
        f"{size}: peak RSS ingest / serving (MB)", f"{row['rss_mb']} / {row['serving_rss_mb']}"
    )


def main() -> None:
    """Run every size, print the table, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--sets", default=",".join(SETS), help="BEIR sets of real articles")
    parser.add_argument("--rate", type=float, default=5.0, help="questions a second served")
    parser.add_argument("--real", type=int, default=None, help="real passages at most")
    add_json_argument(parser)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args)
        return
    figures = Figures("library_scale")
    absent = missing_data(*(RETRIEVAL / name for name in args.sets.split(",")))
    if absent:
        figures.skip(absent)
        exit_with(figures, args.json)
    settings = for_ingest(Settings())  # this process ingests, as `vanthu ingest` does
    embedder = make_embedder(settings)
    if embedder is None:
        raise SystemExit("the benchmark needs the embedder (VANTHU_EMBEDDER is none)")
    cache = args.cache or settings.data_dir / "bench-cache"
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            url = fresh_database(args.database_url, Path(tmp), size)
            try:
                row = run_size(
                    size,
                    url,
                    Path(tmp),
                    embedder,
                    cache,
                    args.sets.split(","),
                    args.rate,
                    args.real,
                )
            finally:
                drop_database(args.database_url, url)
        print(json.dumps(row), flush=True)
        check_size(figures, row)
    exit_with(figures, args.json)


if __name__ == "__main__":
    main()
