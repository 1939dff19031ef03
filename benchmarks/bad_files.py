"""Benchmark safe reading: the bad-files corpus through the chat path, and the child's overhead.

Over 300 broken and hostile files (tests/security/bad_files/) are written to a temporary
folder by a separate process (so that building zip bombs does not count towards the bot's
memory), then each is sent in its own message through `handlers.router.route`, two at a time,
with the limits of the tests (10 s, 512 MB per file). The figures: files per kind, replies per
reason, crashes (replies without a known reason, or errors logged: must be 0), answers outside
what each file allows, max and p95 seconds per file, and the peak RSS of this process before
and after the files (each child is capped by its own address-space limit). Then a 20-page
Vietnamese PDF (news articles from /work/shared/data, read at run time) is read in-process and
in a child, and summarized, to show what isolation costs (said to be skipped when that data
set is absent). Targets: no crash, every reply one its file allows, no file over the time
limit by more than a second; the exit status is 1 when one is missed.

    .venv/bin/python -m benchmarks.bad_files
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import resource
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from fpdf import FPDF

from benchmarks.report import DATA, Figures, add_json_argument, exit_with, missing_data
from bot.database import open_database
from handlers.services import FileLimits
from retrieval.documents.readers import read_bytes
from retrieval.documents.sandbox import read_isolated
from retrieval.search.index import SearchConfig
from retrieval.search.library import Library
from retrieval.summaries.extractive import summarize
from tests.documents import FONT
from tests.security.bad_files import BadFile, answer_all, write_bad_files
from tests.services import make_services

NEWS = DATA / "summarization" / "vietnews_dev.jsonl"
T = TypeVar("T")


def _write_corpus(folder: str, seed: int) -> list[tuple[str, str, list[str], str]]:
    """Runs in a separate process: (kind, name, expected outcomes, path) of each file."""
    return [
        (bad.kind, bad.name, sorted(bad.expected), str(path))
        for bad, path in write_bad_files(Path(folder), seed)
    ]


class _Errors(logging.Handler):
    """Counts records at ERROR and above: an unexpected exception anywhere in the bot."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def corpus(
    seed: int, timeout_s: float, memory_mb: int, workers: int, every: int = 1
) -> dict[str, Any]:
    """Every bad file (or every n-th) through the router; the counts and timings."""
    with tempfile.TemporaryDirectory() as folder:
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            listed = pool.submit(_write_corpus, folder, seed).result()
        files = [
            (BadFile(kind, name, b"", frozenset(expected)), Path(path))
            for kind, name, expected, path in listed[::every]
        ]
        library = Library(
            open_database(f"sqlite:///{folder}/vanthu.db", auto_upgrade=False),
            Path(folder) / "i.npz",
            SearchConfig(),
            None,
        )
        limits = FileLimits(
            max_bytes=8 * 1024 * 1024, parse_timeout_s=timeout_s, parse_memory_mb=memory_mb
        )
        services = make_services(library, files=limits)
        errors = _Errors()
        logging.getLogger().addHandler(errors)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        started = time.monotonic()
        answered = asyncio.run(answer_all(files, services, workers))
        elapsed = time.monotonic() - started
        logging.getLogger().removeHandler(errors)
    seconds = [a.seconds for a in answered]
    slowest = max(answered, key=lambda a: a.seconds)
    return {
        "files": len(answered),
        "files_per_kind": dict(Counter(bad.kind for bad, _ in files)),
        "replies_per_reason": dict(Counter(a.outcome for a in answered).most_common()),
        "crashes": sum(a.outcome == "crash" for a in answered) + errors.count,
        "outside_expected": [
            (a.name, a.outcome) for a in answered if a.outcome not in a.bad.expected
        ],
        "max_s_per_file": round(max(seconds), 2),
        "slowest_file": f"{slowest.name} ({slowest.outcome})",
        "p95_s_per_file": round(_p95(seconds), 2),
        "median_s_per_file": round(statistics.median(seconds), 2),
        "wall_s": round(elapsed, 1),
        "peak_rss_parent_before_mb": rss_before,
        "peak_rss_parent_after_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def twenty_pages() -> bytes:
    """A 20-page PDF of Vietnamese news text, about 2,800 characters a page."""
    texts = []
    with NEWS.open(encoding="utf-8") as lines:
        for line in lines:
            texts.append(json.loads(line)["document"])
            if sum(map(len, texts)) > 20 * 2800:
                break
    body = " ".join(texts)
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    for page in range(20):
        pdf.add_page()
        pdf.multi_cell(0, 5, body[page * 2800 : (page + 1) * 2800])
    return bytes(pdf.output())


def _best(work: Callable[[], T], runs: int) -> tuple[float, T]:
    """Median seconds of `runs` calls, and the last result."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def overhead(timeout_s: float, memory_mb: int, runs: int = 5) -> dict[str, object]:
    """A 20-page PDF read in-process and in a child, then summarized."""
    pdf = twenty_pages()
    in_process, _ = _best(lambda: read_bytes(pdf, "pdf"), runs)
    isolated, document = _best(
        lambda: read_isolated(pdf, "pdf", max_pages=2000, timeout_s=timeout_s, memory_mb=memory_mb),
        runs,
    )
    summary_s, summary = _best(lambda: summarize(document.text), runs)
    tiny_s, _ = _best(
        lambda: read_isolated(b"x", "txt", max_pages=1, timeout_s=timeout_s, memory_mb=memory_mb),
        runs,
    )
    return {
        "pdf_pages": len(document.pages),
        "pdf_chars": len(document.text),
        "read_in_process_s": round(in_process, 3),
        "read_isolated_s": round(isolated, 3),
        "child_overhead_s": round(isolated - in_process, 3),
        "tiny_txt_isolated_s": round(tiny_s, 3),
        "summarize_s": round(summary_s, 3),
        "summary_points": len(summary.points),
        "read_isolated_and_summarize_s": round(isolated + summary_s, 3),
    }


def table_of(bad: dict[str, Any], pdf: dict[str, Any] | None, timeout_s: float) -> Figures:
    """No crash and every reply one its file allows (targets), timings and memory reported."""
    figures = Figures("bad_files")
    figures.report("files (kinds)", f"{bad['files']} ({len(bad['files_per_kind'])})")
    figures.equal("crashes", bad["crashes"], 0)
    figures.equal("replies outside what the file allows", len(bad["outside_expected"]), 0)
    figures.at_most("slowest file (s)", bad["max_s_per_file"], timeout_s + 1, timing=True)
    figures.report("p95 per file (s)", bad["p95_s_per_file"])
    figures.report(
        "peak RSS before / after (MB)",
        f"{bad['peak_rss_parent_before_mb']} / {bad['peak_rss_parent_after_mb']}",
    )
    if pdf is None:
        figures.report("20-page PDF in a child", missing_data(NEWS))
    else:
        figures.report(
            "20-page PDF read in a child + summarized (s)", pdf["read_isolated_and_summarize_s"]
        )
        figures.report("the child's cost (s)", pdf["child_overhead_s"])
    return figures


def main() -> None:
    """Run both parts, print the figures and the table; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--memory", type=int, default=512)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="send every n-th file only")
    add_json_argument(parser)
    args = parser.parse_args()
    bad = corpus(args.seed, args.timeout, args.memory, args.workers, args.every)
    pdf = None if missing_data(NEWS) else overhead(args.timeout, args.memory)
    print(json.dumps({"bad_files": bad, "overhead_20_page_pdf": pdf}, ensure_ascii=False, indent=2))
    exit_with(table_of(bad, pdf, args.timeout), args.json)


if __name__ == "__main__":
    main()
