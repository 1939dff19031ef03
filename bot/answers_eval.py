"""`vanthu eval answers`: a library made from a BEIR corpus minus what held-out questions need,
every question asked through the chat's own answering code (`handlers.ask.answer_question`)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.settings import Settings
from bot.wiring import make_library, make_services
from handlers.ask import answer_question
from retrieval.answers.heldout import Removal, hold_out, run, summary
from retrieval.search.corpus import store_corpus
from retrieval.search.evaluate import BeirSet


def measure_answers(
    settings: Settings,
    data: BeirSet,
    *,
    remove: Removal,
    fraction: float,
    seed: int,
    cache_dir: Path,
    progress: Callable[[], None] = lambda: None,
) -> dict[str, object]:
    """The figures of one held-out run, and its rows (one per question) under "questions"."""
    held = hold_out(data, remove, fraction, seed)
    with tempfile.TemporaryDirectory(prefix="vanthu-eval-answers-") as folder:
        # A library of its own: the settings' search and answer settings, a fresh database.
        scratch = settings.model_copy(update={"data_dir": Path(folder), "database_url": None})
        library = make_library(scratch)
        try:
            started = time.perf_counter()
            passages = store_corpus(
                library.engine,
                data,
                held.keep,
                library.embedder,
                cache_dir,
                max_chars=settings.max_chunk_chars,
            )
            library.ready_index()
            built_s = time.perf_counter() - started
            services = make_services(scratch, library)
            started = time.perf_counter()
            tallies, rows = run(data, held, lambda q: answer_question(q, services), progress)
            asked_s = time.perf_counter() - started
        finally:
            library.engine.dispose()
    return {
        "set": data.name,
        "remove": remove,
        "fraction": fraction,
        "seed": seed,
        "articles_kept": len(held.keep),
        "articles": len(data.corpus_ids),
        "left_aside": held.left_aside,
        "passages": passages,
        "build_s": round(built_s, 1),
        "ms_per_question": round(1000 * asked_s / max(1, len(rows)), 1),
        **summary(tallies),
        "questions": rows,
    }
